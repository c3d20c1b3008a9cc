"""Lays out one HTML document as PDF in a process of its own: `python -m
stratmon.reports.pdf_worker BASE_URL STYLESHEET < document.html > document.pdf`.

The report's PDF lays out its Member annex here while the report's own process lays out the
rest: WeasyPrint is pure Python, so two documents only lay out at once in two processes.
Imports nothing of Django, and reads its document before loading WeasyPrint, so the caller's
write never waits for the import.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    base_url, stylesheet = argv
    html = sys.stdin.buffer.read().decode("utf-8")
    from weasyprint import CSS, HTML

    pdf = HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=stylesheet)])
    sys.stdout.buffer.write(bytes(pdf))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
