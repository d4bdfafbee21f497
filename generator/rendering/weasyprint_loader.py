"""Turn the first use of WeasyPrint into a quick load of its C libraries on Linux, where its search by name is slow.

WeasyPrint asks cffi for each C library (GObject, Pango, HarfBuzz, fontconfig, PangoFT2) under several names, the
Windows and macOS ones first and the Linux soname ("libpango-1.0.so.0") last. A name that is not a loadable file
makes cffi call ``ctypes.util.find_library``, which on Linux runs ldconfig, then gcc and ld: 22 calls and ~0,2 s in
every process that makes a PDF, before the soname loads directly. While WeasyPrint loads, ``find_library`` answers
"not found" at once, so the other names fail fast and the sonames load exactly as before. Should a library be missing
under its soname, WeasyPrint is loaded again the usual way, with the usual search and the usual error.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType


def load_weasyprint() -> ModuleType:
    """The ``weasyprint`` module, loaded quickly the first time (see the module's docstring)."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # waits, as any import does, while another thread is still loading it

        return weasyprint
    with _LOADING:  # one swap of find_library at a time, given back in the order taken
        if "weasyprint" in sys.modules:
            import weasyprint

            return weasyprint
        return _load_quickly()


_LOADING = threading.Lock()


def _load_quickly() -> ModuleType:
    import ctypes.util

    searching = ctypes.util.find_library
    loading = threading.get_ident()

    def not_found_while_loading(name: str) -> str | None:
        # Only the thread loading WeasyPrint is told "not found": another (a web request) searches as usual.
        return None if threading.get_ident() == loading else searching(name)

    ctypes.util.find_library = not_found_while_loading
    try:
        import weasyprint

        return weasyprint
    except OSError:  # a library without its Linux soname: forget the half-loaded package, search the usual way
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = searching
    import weasyprint

    return weasyprint
