"""The end of a command: the collector does not walk again, while the interpreter shuts down, what the command made
(gc.freeze at the end of cli.main); the garbage of reading the list is still freed before the build spares the rest
(tests/test_collection.py)."""

from __future__ import annotations

import subprocess
import sys

from conftest import EXAMPLE

PROBE = """
import gc, sys
from generator.cli import main
sys.argv = ["vanban", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("LEFT:%d FROZEN:%d" % (len(gc.get_objects()), gc.get_freeze_count()))
"""


def test_what_a_command_made_is_frozen_when_it_ends():
    completed = subprocess.run([sys.executable, "-c", PROBE, "check", str(EXAMPLE)], capture_output=True, text=True)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("LEFT:"))
    left, frozen = (int(part.split(":")[1]) for part in line.split())
    assert frozen > 10_000  # start-up and the command's objects
    assert left < 100  # only what the probe itself made after main()
