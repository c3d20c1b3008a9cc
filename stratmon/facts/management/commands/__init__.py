"""`stratmon data …` and other commands on recorded facts."""
