"""Turn a template preview (one decision to PDF + PNG pages) into its time, in the "Xem trước mẫu" section.

Run: .venv/bin/python bench/preview.py — the figure is written to BENCHMARKS.md, never asserted in a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.decisions import machine, write_section  # noqa: E402
from generator.rendering.template_folders import BUILTIN_TEMPLATES  # noqa: E402
from generator.template_tools.preview import preview  # noqa: E402

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        preview("quyet-dinh", (BUILTIN_TEMPLATES,), Path(folder))  # first call loads fonts and libraries
        timings = []
        for _ in range(5):
            _, pngs, seconds = preview("quyet-dinh", (BUILTIN_TEMPLATES,), Path(folder))
            timings.append(seconds)
    what = f"`templates preview quyet-dinh`: đọc đợt mẫu, lập quyết định, PDF + {len(pngs)} ảnh PNG"
    body = f"""
Máy: {machine()}; đo ngày {time.strftime('%Y-%m-%d')} bằng `python bench/preview.py` (5 lần, sau một lần khởi động).

| Phép đo | Nhanh nhất | Chậm nhất | Mục tiêu |
|---|---|---|---|
| {what} | {f"{min(timings):.2f}".replace(".", ",")} s | {f"{max(timings):.2f}".replace(".", ",")} s | < 2 s |
"""
    write_section("Xem trước mẫu", body)
    print(body)
