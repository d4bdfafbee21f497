"""Turn `python -m generator.cli` into the vanban command (as the installed console script runs it)."""

from . import main

main()
