"""Progress reports: one report model built from the data, rendered as PDF, XLSX and CSV."""
