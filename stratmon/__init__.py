"""StratMon: monitoring and evaluation of the strategic plans of regional customs organisations."""
