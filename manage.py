#!/usr/bin/env python
"""Django's command-line utility; the same as the `stratmon` command."""

from stratmon.cli import main

if __name__ == "__main__":
    main()
