"""Server-rendered pages: plan browsing now, dashboards and data entry later."""
