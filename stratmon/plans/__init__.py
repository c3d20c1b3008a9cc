"""Organisations, Members, memberships and plans (pillars, objectives, actions, KPIs)."""
