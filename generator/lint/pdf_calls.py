"""Turn pypdfium2's raw functions into cheaper calls: handles as plain integers, out-parameters made once per file.

The format check of a long list reads tens of thousands of text objects and path segments, and every call through
pypdfium2.raw wraps each handle it returns in a new ctypes pointer object and checks the type of each it is given.
The same C functions, called through prototypes that take and return addresses as integers, cost about half as
much (issue 19). Only the reading loop uses them; opening and closing documents stays with pypdfium2.
"""

from __future__ import annotations

import ctypes
from typing import Any

_HANDLE, _INT, _FLOAT_OUT = ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p


def _copy(pdfium_raw: Any, name: str, restype: Any, *argtypes: Any) -> Any:  # noqa: ANN401 - ctypes prototypes
    """pypdfium2.raw's function ``name`` called at the same address, with integer handles in and out."""
    function = getattr(pdfium_raw, name)
    # The same function-pointer class as pypdfium2's (same calling convention), pointing at the same C function.
    copy = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    copy.restype, copy.argtypes = restype, argtypes
    return copy


class PdfiumCalls:
    """The functions the page reader calls for every object, and the out-parameters they fill (``box``: left,
    bottom, right, top; ``matrix``: a to f; ``point``: x, y; ``size``; ``fill`` and ``stroke``)."""

    def __init__(self, pdfium_raw: Any) -> None:  # noqa: ANN401 - the pypdfium2.raw module
        def copy(name: str, restype: Any, *argtypes: Any) -> Any:  # noqa: ANN401
            return _copy(pdfium_raw, name, restype, *argtypes)

        self.load_page = copy("FPDF_LoadPage", _HANDLE, _HANDLE, _INT)
        self.close_page = copy("FPDF_ClosePage", None, _HANDLE)
        self.load_text_page = copy("FPDFText_LoadPage", _HANDLE, _HANDLE)
        self.close_text_page = copy("FPDFText_ClosePage", None, _HANDLE)
        self.page_width = copy("FPDF_GetPageWidthF", ctypes.c_float, _HANDLE)
        self.page_height = copy("FPDF_GetPageHeightF", ctypes.c_float, _HANDLE)
        self.count_objects = copy("FPDFPage_CountObjects", _INT, _HANDLE)
        self.get_object = copy("FPDFPage_GetObject", _HANDLE, _HANDLE, _INT)
        self.count_form_objects = copy("FPDFFormObj_CountObjects", _INT, _HANDLE)
        self.get_form_object = copy("FPDFFormObj_GetObject", _HANDLE, _HANDLE, ctypes.c_ulong)
        self.object_type = copy("FPDFPageObj_GetType", _INT, _HANDLE)
        self.get_text = copy("FPDFTextObj_GetText", ctypes.c_ulong, _HANDLE, _HANDLE, _HANDLE, ctypes.c_ulong)
        self.get_bounds = copy("FPDFPageObj_GetBounds", _INT, _HANDLE, _FLOAT_OUT, _FLOAT_OUT, _FLOAT_OUT,
                               _FLOAT_OUT)
        self.get_matrix = copy("FPDFPageObj_GetMatrix", _INT, _HANDLE, _HANDLE)
        self.get_font_size = copy("FPDFTextObj_GetFontSize", _INT, _HANDLE, _FLOAT_OUT)
        self.get_font = copy("FPDFTextObj_GetFont", _HANDLE, _HANDLE)
        self.render_mode = copy("FPDFTextObj_GetTextRenderMode", _INT, _HANDLE)
        self.count_segments = copy("FPDFPath_CountSegments", _INT, _HANDLE)
        self.get_segment = copy("FPDFPath_GetPathSegment", _HANDLE, _HANDLE, _INT)
        self.segment_point = copy("FPDFPathSegment_GetPoint", _INT, _HANDLE, _FLOAT_OUT, _FLOAT_OUT)
        self.segment_type = copy("FPDFPathSegment_GetType", _INT, _HANDLE)
        self.draw_mode = copy("FPDFPath_GetDrawMode", _INT, _HANDLE, _HANDLE, _HANDLE)
        self.text_kind, self.path_kind = pdfium_raw.FPDF_PAGEOBJ_TEXT, pdfium_raw.FPDF_PAGEOBJ_PATH
        self.form_kind, self.move_to = pdfium_raw.FPDF_PAGEOBJ_FORM, pdfium_raw.FPDF_SEGMENT_MOVETO
        self.font_type = pdfium_raw.FPDF_FONT

        self.box = (ctypes.c_float * 4)()
        self.box_at = tuple(ctypes.addressof(self.box) + 4 * index for index in range(4))
        self.matrix = (ctypes.c_float * 6)()
        self.matrix_at = ctypes.addressof(self.matrix)
        self.point = (ctypes.c_float * 2)()
        self.point_at = (ctypes.addressof(self.point), ctypes.addressof(self.point) + 4)
        self.size = ctypes.c_float(0)
        self.size_at = ctypes.addressof(self.size)
        self.modes = (ctypes.c_int * 2)()
        self.modes_at = (ctypes.addressof(self.modes), ctypes.addressof(self.modes) + ctypes.sizeof(ctypes.c_int))

    def objects(self, page: int, depth: int = 4):  # noqa: ANN201 - (object, type) integers
        """(object, type) of a page and of the form XObjects in it, as pypdfium2's get_objects(max_depth=4)."""
        yield from self._objects(page, False, 0, depth)

    def _objects(self, parent: int, form: bool, level: int, depth: int):  # noqa: ANN202
        count = self.count_form_objects(parent) if form else self.count_objects(parent)
        get, object_type, form_kind = (self.get_form_object if form else self.get_object), self.object_type, \
            self.form_kind
        for index in range(max(count, 0)):
            obj = get(parent, index)
            if not obj:
                continue
            kind = object_type(obj)
            yield obj, kind
            if kind == form_kind and level < depth - 1:
                yield from self._objects(obj, True, level + 1, depth)

    def matrix_of(self, obj: int) -> tuple[float, ...]:
        """a, b, c, d, e, f of an object's matrix."""
        self.get_matrix(obj, self.matrix_at)
        return tuple(self.matrix)

    def font_handle(self, font: int) -> Any:  # noqa: ANN401 - a pypdfium2.raw FPDF_FONT
        """A font handle as pypdfium2.raw's functions take it (to read the font's name and flags, once per font)."""
        return ctypes.cast(font, self.font_type)
