"""KPI evaluation: a plan's KPIs computed from recorded facts as of any date."""
