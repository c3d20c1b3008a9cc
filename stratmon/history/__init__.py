"""The change history: who changed which records, when, through what, why, and what."""
