"""The surveys' pages: the public response page (no account) and the Secretariat's pages."""
