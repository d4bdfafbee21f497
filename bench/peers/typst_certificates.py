"""Turn certificates.json into a PDF with Typst (typst-py), the peer of `vanban build --only giay-khen` (overlay).

Run: python bench/peers/typst_certificates.py certificates.json out.pdf   (fonts: the project's Liberation Serif)
"""

import sys
from pathlib import Path

import typst

HERE = Path(__file__).resolve().parent
FONTS = HERE.parents[1] / "templates" / "_shared" / "fonts"

if __name__ == "__main__":
    data, output = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    typst.compile(str(HERE / "certificates.typ"), output=str(output), root="/", font_paths=[str(FONTS)],
                  ignore_system_fonts=True, sys_inputs={"data": str(data)})
