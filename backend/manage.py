#!/usr/bin/env python
"""Django's command-line entry point for the API server."""

import os
import sys
from pathlib import Path


def main() -> None:
    # The engine package lives beside backend/, at the repository root.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
