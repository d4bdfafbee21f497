"""Turn timings of the decision set into the "Quyết định" section of BENCHMARKS.md.

Measures, in one run on this machine: `vanban --help` start-up, the demo build (vi-du, DOCX + PDF), and one
synthetic decision whose annex has 2.000 rows (DOCX + PDF) with its peak memory. Not run by the test suite.
Run: .venv/bin/python bench/decisions.py
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def best_of(runs: int, action) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def help_time() -> float:
    vanban = Path(sys.executable).with_name("vanban")
    return best_of(5, lambda: subprocess.run([str(vanban), "--help"], check=True, capture_output=True))


def demo_time() -> float:
    from generator import pipeline

    with tempfile.TemporaryDirectory() as folder:
        pipeline.build(pipeline.DEFAULT_SESSION, Path(folder) / "vi-du")  # warm caches (fonts, templates)
        return best_of(3, lambda: pipeline.build(pipeline.DEFAULT_SESSION, Path(folder) / "vi-du"))


LARGE_ANNEX_CHILD = r"""
import resource, sys, time
from dataclasses import replace
sys.path.insert(0, sys.argv[1])
from generator import pipeline
from generator.documents.building import build_decisions
checked = pipeline.check(pipeline.DEFAULT_SESSION)
template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
units = sorted({a.unit for a in checked.awards})
awards = [replace(template, name=f"Nguyễn Thị Thử Nghiệm {i:04d}", unit=units[i % len(units)])
          for i in range(2000)]
decision = build_decisions(checked.session, awards, checked.catalogue).decisions[0]
start = time.perf_counter()
files = pipeline.render_decision(decision, ("docx", "pdf"))
elapsed = time.perf_counter() - start
pages = next(f.pages for f in files if f.format == "pdf")
start = time.perf_counter()
pipeline.render_decision(decision, ("docx",))
docx_only = time.perf_counter() - start
print(elapsed, pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, docx_only)
"""


def large_annex() -> tuple[float, int, float, float]:
    completed = subprocess.run([sys.executable, "-c", LARGE_ANNEX_CHILD, str(ROOT)], check=True,
                               capture_output=True, text=True)
    elapsed, pages, max_rss_kib, docx_only = completed.stdout.split()
    return float(elapsed), int(pages), int(max_rss_kib) / 1024, float(docx_only)


def write_section(title: str, body: str) -> None:
    """Replace (or add) one '## title' section of BENCHMARKS.md, leaving the others as they are."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Đo tốc độ (bench/)\n"
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def comma(seconds: float) -> str:
    """Seconds as Vietnamese write them: 11,05."""
    return f"{seconds:.2f}".replace(".", ",")


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, {platform.system()}"


if __name__ == "__main__":
    help_seconds = help_time()
    demo_seconds = demo_time()
    annex_seconds, annex_pages, annex_mib, docx_seconds = large_annex()
    body = f"""
Máy: {machine()}; đo ngày {time.strftime('%Y-%m-%d')} bằng `python bench/decisions.py` (lấy lần nhanh nhất).

| Phép đo | Kết quả | Mục tiêu |
|---|---|---|
| `vanban --help` | {comma(help_seconds)} s | ≤ 0,3 s |
| `vanban build` đợt mẫu (4 quyết định, công văn, 19 giấy khen, kiểm tra thể thức) | {comma(demo_seconds)} s | ≤ 5 s |
| 1 quyết định, danh sách 2.000 dòng, DOCX + PDF ({annex_pages} trang PDF) | {comma(annex_seconds)} s | ≤ 10 s |
| bộ nhớ đỉnh của phép đo trên (cả tiến trình) | {annex_mib:.0f} MiB | ≤ 600 MiB |

Danh sách 2.000 dòng: DOCX {comma(docx_seconds)} s, còn lại là PDF (WeasyPrint dàn trang từng ô của bảng, rồi ghi tệp).
Đã thử: thu gom rác ít lần hơn khi dàn trang (`generator/rendering/collection.py`, từ 13,2 s xuống khoảng 11 s, đã
dùng); đường kẻ bảng không gộp (`border-collapse: separate`), bỏ `break-inside: avoid`, căn trái các ô, bỏ hàng tiêu
đề lặp lại (không nhanh hơn, trong sai số); lập DOCX song song trong một tiến trình con (fork) — chậm hơn (12,3 s), vì
tiến trình cha phải chép các trang bộ nhớ dùng chung. Mục tiêu 10 s chưa đạt.
"""
    write_section("Quyết định", body)
    print(body)
