"""Turn a manifest into the very text ``json.dumps(value, ensure_ascii=False, indent=2)`` gives, only faster.

With ``indent`` the standard library falls back to its pure-Python encoder, a chain of generators: the manifest of
50.000 certificates (two listings of 50.000 entries) took seconds. Here each value is written by one recursive
function and every string by the C escaper the standard library itself uses, so the text is the same to the byte
(tests/test_manifest_json.py compares the two on nested, empty, non-ASCII, special-float and non-string-key data).
"""

from __future__ import annotations

import json.encoder
from typing import TextIO

_ESCAPE = json.encoder.encode_basestring  # the C escaper when the accelerator is present, as json.dumps uses
_FLOAT = float.__repr__
_INT = int.__repr__


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return _FLOAT(value)


def _key(key: object) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _INT(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


class _Pieces(list):
    """The text so far, in pieces; written out to ``sink`` now and then, so that a long text is never held whole."""

    def __init__(self, sink: TextIO | None) -> None:
        super().__init__()
        self.sink = sink

    def spill(self) -> None:
        if self.sink is not None and len(self) > 20_000:
            self.sink.write("".join(self))
            self.clear()


def _write(value: object, indent: str, out: _Pieces) -> None:
    """Append the JSON of ``value`` (its first line not indented, the others after ``indent``)."""
    if isinstance(value, str):
        out.append(_ESCAPE(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(_INT(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        opening = "[\n" + inner
        separator = ",\n" + inner
        for item in value:
            out.append(opening)
            opening = separator
            _write(item, inner, out)
            out.spill()
        out.append("\n" + indent + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        opening = "{\n" + inner
        separator = ",\n" + inner
        append = out.append
        for key, item in value.items():
            name = _ESCAPE(key if type(key) is str else _key(key))
            kind = type(item)
            # Strings and whole numbers, most of a manifest, written here rather than by another call.
            if kind is str:
                append(opening + name + ": " + _ESCAPE(item))
            elif kind is int:
                append(opening + name + ": " + _INT(item))
            else:
                append(opening + name + ": ")
                _write(item, inner, out)
            opening = separator
        append("\n" + indent + "}")
    else:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def manifest_text(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``."""
    out = _Pieces(None)
    _write(value, "", out)
    return "".join(out)


def write_manifest(value: object, sink: TextIO) -> None:
    """``sink.write(json.dumps(value, ensure_ascii=False, indent=2))``, written piece by piece."""
    out = _Pieces(sink)
    _write(value, "", out)
    sink.write("".join(out))
