"""The structured plan editor: the plan as a tree of forms, each saved through one service."""
