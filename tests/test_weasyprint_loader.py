"""WeasyPrint's C libraries load without the slow search by name on Linux, and the usual way when that fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick load is Linux's")

RENDER = """
from generator.rendering.weasyprint_loader import load_weasyprint
weasyprint = load_weasyprint()
pdf = weasyprint.HTML(string="<p style='font-family: serif'>Thử Việt Nam</p>").write_pdf()
assert pdf.startswith(b"%PDF") and len(pdf) > 1000
import ctypes.util
assert ctypes.util.find_library is SEARCH, "the usual search is given back"
print("SEARCHES", len(CALLS))
"""

COUNT = """
import ctypes.util
CALLS = []
_search = ctypes.util.find_library
def SEARCH(name):
    CALLS.append(name)
    return _search(name)
ctypes.util.find_library = SEARCH
"""


def run(prelude: str) -> str:
    done = subprocess.run([sys.executable, "-c", COUNT + prelude + RENDER], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_no_search_by_name_when_the_sonames_load():
    assert "SEARCHES 0" in run("")


def test_a_library_without_its_soname_is_searched_the_usual_way():
    # cffi refuses every soname the first time round, as on a system whose libraries are named otherwise.
    refuse = """
import cffi.api
_dlopen = cffi.api.FFI.dlopen
REFUSED = []
def dlopen(self, name, flags=0):
    if ".so." in str(name) and not REFUSED:
        REFUSED.append(name)
        raise OSError("no such soname here")
    return _dlopen(self, name, flags)
cffi.api.FFI.dlopen = dlopen
"""
    out = run(refuse)
    searches = int(out.rsplit("SEARCHES", 1)[1].split()[0])
    assert searches > 0  # the second load searched by name, as WeasyPrint does by itself
