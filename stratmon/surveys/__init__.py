"""Surveys answered without an account: participants' evaluations, training-needs assessments
and impact follow-ups, whose answers become facts (docs/surveys.md)."""
