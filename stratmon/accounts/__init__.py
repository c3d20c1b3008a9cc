"""Users' roles: who a signed-in user is for StratMon, and what that lets them do."""
