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


BESIDE_WORKERS = """
import sys
from pathlib import Path
from generator import pipeline
checked = pipeline.check(Path(sys.argv[1]))
files, _ = pipeline.certificate_files(checked, profile="a4-ngang-phoi", mode="overlay", jobs=int(sys.argv[2]),
                                      formats=("pdf",))
from generator.rendering.pdf_writer import font_metrics
print("FONTS-READ:%d" % font_metrics.cache_info().currsize)
Path(sys.argv[3]).write_bytes(b"".join(item.data for item in files))
"""


def test_beside_drawing_workers_the_build_process_reads_no_font(tmp_path):
    """The words are set here, the pages drawn and the fonts cut and serialised by the workers: the same files."""
    from bench.sessions import make_session

    folder = make_session(tmp_path / "dot", 400)
    said = {}
    for jobs in (2, 1):
        completed = subprocess.run([sys.executable, "-c", BESIDE_WORKERS, str(folder), str(jobs),
                                    str(tmp_path / f"files-{jobs}")], capture_output=True, text=True)
        said[jobs] = next(line for line in completed.stdout.splitlines() if line.startswith("FONTS-READ:"))
    assert said[2] == "FONTS-READ:0" and said[1] != "FONTS-READ:0"
    assert (tmp_path / "files-2").read_bytes() == (tmp_path / "files-1").read_bytes()
