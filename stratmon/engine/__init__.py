"""Pure Python KPI engine: target grammar, plan periods, status and projection (no Django)."""
