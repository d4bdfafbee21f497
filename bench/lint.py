"""Turn timings of the format checker into the "Kiểm tra thể thức" section of BENCHMARKS.md.

Measures, on this machine: checking a 10-page decision DOCX (its annex made long enough with synthetic rows) in a
fresh process (imports and font metrics included) and warm (best of several runs), and the same decision as PDF; and
`vanban lint` as a whole process (what a user waits for) on that 10-page DOCX and on a 100.000-paragraph DOCX, with
the median, minimum and maximum of RUNS runs and the peak memory.
Not run by the test suite. Run: .venv/bin/python bench/lint.py
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_PAGES = 10
RUNS = 3
HUGE_PARAGRAPHS = 100_000
SECTION = "Kiểm tra thể thức: vanban lint trên tệp gõ tay (10 trang, 100.000 đoạn)"

COLD_CHILD = r"""
import sys, time
start = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from generator.lint import check_file
findings = check_file(Path(sys.argv[2]))
print(time.perf_counter() - start, len(findings))
"""


def best_of(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, {platform.system()}"


def write_section(title: str, body: str) -> None:
    """Replace (or add) this benchmark's own '## title' section of BENCHMARKS.md; other sections stay as they are."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Đo tốc độ (bench/)\n"
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def whole_process(path: Path) -> tuple[float, float, float, float]:
    """Median, minimum, maximum seconds of RUNS `vanban lint` processes, and the peak memory (MiB) of the largest."""
    import resource
    import statistics

    vanban = Path(sys.executable).with_name("vanban")
    timings, peaks = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        completed = subprocess.run([str(vanban), "lint", str(path)], capture_output=True, text=True)
        timings.append(time.perf_counter() - start)
        assert completed.returncode in (0, 1), completed.stderr
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return statistics.median(timings), min(timings), max(timings), max(peaks)


def decision_of(rows: int) -> tuple[bytes, bytes, int]:
    """DOCX bytes, PDF bytes and PDF page count of a Giấy khen decision whose annex has ``rows`` people."""
    from dataclasses import replace

    from generator import pipeline
    from generator.documents.building import build_decisions

    checked = pipeline.check(pipeline.DEFAULT_SESSION)
    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    units = sorted({a.unit for a in checked.awards})
    awards = [replace(template, name=f"Nguyễn Thị Thử Nghiệm {i:04d}", unit=units[i % len(units)])
              for i in range(rows)]
    decision = build_decisions(checked.session, awards, checked.catalogue).decisions[0]
    files = {item.format: item for item in pipeline.render_decision(decision, ("docx", "pdf"))}
    return files["docx"].data, files["pdf"].data, files["pdf"].pages


def ten_pages() -> tuple[bytes, bytes, int, int]:
    """Grow the annex until the PDF has at least TARGET_PAGES pages (the DOCX holds the same text)."""
    rows = 100
    while True:
        docx_data, pdf_data, pages = decision_of(rows)
        if pages >= TARGET_PAGES:
            return docx_data, pdf_data, pages, rows
        rows += 15


def main() -> None:
    from generator.lint import check_bytes, has_errors

    docx_data, pdf_data, pages, rows = ten_pages()
    findings = check_bytes(docx_data, "docx", "bench.docx")
    assert not has_errors(findings), findings
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quyet-dinh-10-trang.docx"
        path.write_bytes(docx_data)
        colds = []
        for _ in range(3):
            completed = subprocess.run([sys.executable, "-c", COLD_CHILD, str(ROOT), str(path)], check=True,
                                       capture_output=True, text=True)
            colds.append(float(completed.stdout.split()[0]))
        cold = min(colds)
        whole_docx = whole_process(path)
        sys.path.insert(0, str(ROOT / "tests"))
        from lint_huge import many_paragraphs_docx

        huge = Path(folder) / "tram-nghin-doan.docx"
        huge.write_bytes(many_paragraphs_docx(HUGE_PARAGRAPHS))
        whole_huge = whole_process(huge)
    warm_docx = best_of(5, lambda: check_bytes(docx_data, "docx", "bench.docx"))
    warm_pdf = best_of(5, lambda: check_bytes(pdf_data, "pdf", "bench.pdf"))
    def seconds(value: float, digits: int) -> str:
        return f"{value:.{digits}f}".replace(".", ",")  # Vietnamese decimal comma

    def whole_row(label: str, stats: tuple[float, float, float, float]) -> str:
        median, low, high, peak = stats
        return (f"| {label} | {seconds(median, 2)} s ({seconds(low, 2)}–{seconds(high, 2)} s) | "
                f"{peak:.0f} MiB |")

    huge_count = f"{HUGE_PARAGRAPHS:,}".replace(",", ".")

    body = f"""
Máy: {machine()}; đo ngày {time.strftime('%Y-%m-%d')} bằng `python bench/lint.py` (lấy lần nhanh nhất).
Văn bản đo: quyết định tặng Giấy khen, phụ lục {rows} người, {pages} trang (theo bản PDF), \
DOCX {len(docx_data) // 1024} KiB.

| Phép đo | Kết quả | Mục tiêu |
|---|---|---|
| Kiểm tra DOCX {pages} trang, tiến trình mới (gồm nạp thư viện và phông đo chữ) | {seconds(cold, 2)} s | < 1 s |
| Kiểm tra DOCX {pages} trang, lần chạy thứ hai trở đi | {seconds(warm_docx, 3)} s | < 1 s |
| Kiểm tra PDF {pages} trang, lần chạy thứ hai trở đi | {seconds(warm_pdf, 3)} s | — |

`vanban lint` cả tiến trình, {RUNS} lần: trung vị (nhỏ nhất–lớn nhất), bộ nhớ đỉnh.

| Tệp | Thời gian | Bộ nhớ đỉnh |
|---|---|---|
{whole_row(f'DOCX {pages} trang', whole_docx)}
{whole_row(f'DOCX {huge_count} đoạn ngắn', whole_huge)}
"""
    write_section(SECTION, body)
    print(body)


if __name__ == "__main__":
    main()
