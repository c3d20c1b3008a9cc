"""StratMon's REST API under /api/v1/ (docs/api.md): the same services and access rules as the
web pages, reached with personal tokens."""
