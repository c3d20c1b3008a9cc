"""Evidence files: what Members and the Secretariat attach to what they report."""
