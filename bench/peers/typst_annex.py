"""Turn annex.json into a PDF with Typst (typst-py), as the peer of `vanban build` for the long annex.

Run: python bench/peers/typst_annex.py annex.json out.pdf   (fonts: the project's Liberation Serif)
"""

import sys
from pathlib import Path

import typst

HERE = Path(__file__).resolve().parent
FONTS = HERE.parents[1] / "templates" / "_shared" / "fonts"

if __name__ == "__main__":
    data, output = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    typst.compile(str(HERE / "annex.typ"), output=str(output), root="/", font_paths=[str(FONTS)],
                  ignore_system_fonts=True, sys_inputs={"data": str(data)})
