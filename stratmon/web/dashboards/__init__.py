"""The dashboards: an organisation's home, the plan dashboard and what changed between dates."""
