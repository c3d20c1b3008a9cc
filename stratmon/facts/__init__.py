"""Recorded facts, independent of plans: Member statuses, activities, participants, evaluations,
requests, experts, agreements and outputs."""
