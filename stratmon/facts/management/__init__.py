"""Management commands of the facts app."""
