"""`python -m stratmon` is the `stratmon` command."""

from stratmon.cli import main

main()
