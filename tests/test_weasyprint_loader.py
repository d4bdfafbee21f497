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


def test_another_thread_searches_as_usual_while_weasyprint_loads():
    # A web request on another thread, calling find_library in the middle of the load, gets the real answer.
    meanwhile = """
import threading
ANSWERS = []
_load = __import__("generator.rendering.weasyprint_loader", fromlist=["x"])
def search_elsewhere():
    import ctypes.util
    ANSWERS.append(ctypes.util.find_library("c"))
import cffi.api
_dlopen = cffi.api.FFI.dlopen
def dlopen(self, name, flags=0):
    if not ANSWERS:
        worker = threading.Thread(target=search_elsewhere)
        worker.start()
        worker.join()
    return _dlopen(self, name, flags)
cffi.api.FFI.dlopen = dlopen
"""
    check = "\nassert ANSWERS and ANSWERS[0], ANSWERS\n"
    done = subprocess.run([sys.executable, "-c", COUNT + meanwhile + RENDER + check], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_two_threads_loading_at_once_both_get_a_whole_module_and_the_search_back():
    both = """
import threading, ctypes.util
from generator.rendering.weasyprint_loader import load_weasyprint
GOT = []
def load():
    GOT.append(load_weasyprint().HTML)
threads = [threading.Thread(target=load) for _ in range(4)]
for thread in threads: thread.start()
for thread in threads: thread.join()
assert len(GOT) == 4 and all(item is GOT[0] for item in GOT), GOT
assert ctypes.util.find_library is SEARCH
"""
    done = subprocess.run([sys.executable, "-c", COUNT + both], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
