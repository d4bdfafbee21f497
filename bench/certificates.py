"""Turn timings of the certificate build into the "Giấy khen" section of BENCHMARKS.md.

Generates N synthetic awardees (Vietnamese names, genders, positions, about 25 per unit, a fifth of them
"Chiến sĩ thi đua cơ sở", some long unit names), then times ``pipeline.certificate_files`` for N = 1.000 and
10.000 in both modes (overlay on the phôi profile, full design with its Word file), each in a fresh process, with
the peak memory of the whole process tree (the main process and its workers, sampled from /proc). When LibreOffice
is installed it also times, in the same run and on the same 500 certificates, the obvious alternative: fill one
DOCX per person with docxtpl, then convert them all with one `soffice --headless --convert-to pdf`.
Not run by the test suite. Run: .venv/bin/python bench/certificates.py [--quick]
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Âu Dương", "Tôn Nữ"]
MIDDLE = {"Nam": ["Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Xuân", "Ngọc"],
          "Nữ": ["Thị", "Thị Ngọc", "Thị Thu", "Thị Mỹ", "Thị Ánh", "Hoàng", "Thị Quỳnh"]}
GIVEN = {"Nam": ["An", "Bình", "Cường", "Dũng", "Hưởng", "Khải", "Lộc", "Phong", "Thắng", "Việt", "Ổn", "Ưng"],
         "Nữ": ["Anh", "Châu", "Duyên", "Hà", "Hằng", "Lan", "Nhung", "Thủy", "Tuyết", "Yến", "Ẩn", "Ỷ Lan"]}
POSITIONS = ["Giáo viên", "Hiệu phó", "Y sĩ", "Điều dưỡng", "Chuyên viên", "Kế toán", "Công an viên", "Văn thư",
             "Trưởng thôn", "Phó Trưởng phòng Văn hóa - Xã hội"]
UNITS = ["Trường Tiểu học số {k}", "Trường Mầm non Hoa Sen {k}", "Trạm Y tế xã số {k}", "Thôn Phú Lộc {k}",
         "Hợp tác xã Dịch vụ Nông nghiệp, Thương mại và Phát triển Nông thôn Bền vững thôn Phú Lộc Đông {k}"]
LIBREOFFICE_SAMPLE = 500


def synthetic_checked(count: int):
    """The bundled example session with ``count`` synthetic awardees instead of its list, built as the pipeline does."""
    from dataclasses import replace

    from generator import pipeline
    from generator.documents.building import build_decisions

    checked = pipeline.check(pipeline.DEFAULT_SESSION)
    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    awards = []
    for i in range(count):
        gender = "Nữ" if i % 2 else "Nam"
        name = " ".join([FAMILY[i % len(FAMILY)], MIDDLE[gender][i // 3 % len(MIDDLE[gender])],
                         GIVEN[gender][i // 7 % len(GIVEN[gender])]])
        unit = UNITS[i // 25 % len(UNITS)].format(k=i // 25 + 1)
        form = "Chiến sĩ thi đua cơ sở" if i % 5 == 4 else "Giấy khen"
        awards.append(replace(template, name=name, gender=gender, unit=unit, position=POSITIONS[i % len(POSITIONS)],
                              form=form))
    decisions = build_decisions(checked.session, awards, checked.catalogue).decisions
    return replace(checked, awards=awards, decisions=decisions)


class TreeMemory:
    """Peak resident memory of this process and all its descendants, sampled every 20 ms from /proc."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss_kib(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _tree(self, root: int) -> list[int]:
        pids, todo = [], [root]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    todo.extend(int(child) for child in task.read_text().split())
                except OSError:
                    pass
        return pids

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss_kib(pid) for pid in self._tree(me)))
            self._stop.wait(0.02)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def child(count: int, mode: str) -> None:
    """One measurement, in its own process so that memory and caches start from nothing."""
    import resource

    from generator import pipeline

    checked = synthetic_checked(count)
    profile = "a4-ngang-phoi" if mode == "overlay" else "a4-ngang-day-du"
    with TreeMemory() as memory:
        start = time.perf_counter()
        files, warnings = pipeline.certificate_files(checked, profile=profile, mode=mode)
        elapsed = time.perf_counter() - start
    pages = next(f.pages for f in files if f.path.endswith("tat-ca.pdf"))
    peak_kib = memory.peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "pages": pages, "peak_mib": peak_kib / 1024, "warnings": len(warnings),
                      "bytes": sum(len(f.data) for f in files)}))


def measure(count: int, mode: str) -> dict:
    completed = subprocess.run([sys.executable, __file__, "--child", str(count), mode], check=True,
                               capture_output=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def libreoffice(sample: int) -> dict | None:
    """The alternative: a DOCX per person filled by docxtpl, all converted by one soffice run."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        return None
    from docxtpl import DocxTemplate

    from generator.documents import certificates as certificate_plan
    from generator.rendering import certificates as certificate_drawing
    from generator.rendering.environment import environment
    from generator.rendering.template_folders import BUILTIN_TEMPLATES

    checked = synthetic_checked(sample)
    profile, mode, _ = certificate_plan.resolve(checked, "a4-ngang-day-du", "full")
    renderer = certificate_drawing.Renderer(profile, mode, list(checked.decisions), (BUILTIN_TEMPLATES,))
    template = BUILTIN_TEMPLATES / certificate_drawing.DOCX_TEMPLATE
    env = environment()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        start = time.perf_counter()
        for index, certificate in enumerate(certificate_plan.plan(checked)):
            decision = checked.decisions[certificate.decision_index]
            view = certificate_drawing.CertificateView(certificate, decision, {}, {})
            view = certificate_drawing.CertificateView(certificate, view.decision, renderer.texts(view), {})
            document = DocxTemplate(str(template))
            document.render({"certificates": [view]}, jinja_env=env, autoescape=True)
            document.save(work / f"giay-khen-{index:05d}.docx")
        filled = time.perf_counter() - start
        # One soffice run for all files; LibreOffice 7 quietly stops after about 250 files of one command line
        # (exit code 0), so the files it left are given to another run, as a user would.
        calls, left = 0, sorted(work.glob("*.docx"))
        while left and calls < 10:
            subprocess.run([command, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(work / "pdf"), *map(str, left)],
                           check=True, capture_output=True, timeout=3600)
            calls += 1
            left = [path for path in left if not (work / "pdf" / f"{path.stem}.pdf").is_file()]
        elapsed = time.perf_counter() - start
        converted = len(list((work / "pdf").glob("*.pdf")))
    return {"seconds": elapsed, "fill_seconds": filled, "pages": converted, "calls": calls}


def write_section(title: str, body: str) -> None:
    """Replace (or add) one '## title' section of BENCHMARKS.md, leaving the others as they are."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Đo tốc độ (bench/)\n"
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} lõi{memory}, Python {platform.python_version()}, {platform.system()}"


def vn(value: float, digits: int = 0) -> str:
    """1234.5 -> '1.234,5' (Vietnamese separators)."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def main(quick: bool) -> None:
    sizes = (200, 1000) if quick else (1000, 10000)
    results = {}
    for mode in ("overlay", "full"):
        for count in sizes:
            results[(mode, count)] = measure(count, mode)
            r = results[(mode, count)]
            print(f"{mode:8} {count:6}: {r['seconds']:.2f} s, {r['pages'] / r['seconds']:.0f} trang/s, "
                  f"{r['peak_mib']:.0f} MiB", flush=True)
    same = {mode: measure(LIBREOFFICE_SAMPLE, mode) for mode in ("overlay", "full")}
    office = libreoffice(LIBREOFFICE_SAMPLE)
    if office:
        print(f"LibreOffice {LIBREOFFICE_SAMPLE}: {office['seconds']:.1f} s", flush=True)

    small, large = sizes
    rows = []
    for mode, label in (("overlay", "overlay (phôi a4-ngang-phoi)"), ("full", "full (a4-ngang-day-du, PDF + DOCX)")):
        for count in sizes:
            r = results[(mode, count)]
            target = "≥ 250 trang/s, ≤ 1 GiB" if mode == "overlay" and count == large else ""
            rows.append(f"| {label} | {vn(count)} | {vn(r['seconds'], 2)} s | {vn(r['pages'] / r['seconds'])} | "
                        f"{vn(r['peak_mib'])} MiB | {target} |")
        ratio = results[(mode, large)]["seconds"] / results[(mode, small)]["seconds"]
        rows.append(f"| {label}: thời gian {vn(large)} / {vn(small)} | | {vn(ratio, 1)} lần | | | ≤ 11 |")
    lines = [
        f"Máy: {machine()}; đo ngày {time.strftime('%Y-%m-%d')} bằng `python bench/certificates.py`. Mỗi phép đo "
        "chạy trong một tiến trình mới, số tiến trình vẽ = số lõi; thời gian là lời gọi `certificate_files` "
        "(vẽ mọi trang, ghép `tat-ca.pdf`, một PDF mỗi đơn vị, và tệp Word ở chế độ full); bộ nhớ đỉnh là tổng "
        "RSS của tiến trình chính và các tiến trình con, lấy mẫu mỗi 20 ms.",
        "",
        "| Phép đo | Số giấy | Thời gian | Trang/giây | Bộ nhớ đỉnh | Mục tiêu |",
        "|---|---|---|---|---|---|",
        *rows,
    ]
    if office:
        office_rate = office["pages"] / office["seconds"]
        lines += [
            "",
            f"Cách làm thông thường, trên cùng {vn(LIBREOFFICE_SAMPLE)} giấy trong cùng lần đo: điền một tệp DOCX "
            f"cho mỗi người bằng docxtpl ({vn(office['fill_seconds'], 1)} s) rồi chuyển sang PDF bằng "
            f"`soffice --headless --convert-to pdf` với mọi tệp trên một dòng lệnh (LibreOffice dừng sau khoảng "
            f"250 tệp mà không báo lỗi, nên chạy lại cho các tệp còn thiếu: {office['calls']} lần chạy).",
            "",
            "| Cách | Thời gian | Trang/giây | Nhanh hơn LibreOffice | Mục tiêu |",
            "|---|---|---|---|---|",
            f"| docxtpl + LibreOffice, {vn(office['pages'])} giấy | {vn(office['seconds'], 1)} s | "
            f"{vn(office_rate, 1)} | 1 | |",
        ]
        for mode in ("overlay", "full"):
            r = same[mode]
            rate = r["pages"] / r["seconds"]
            lines.append(f"| vanban {mode}, cùng {vn(r['pages'])} giấy | {vn(r['seconds'], 2)} s | {vn(rate)} | "
                         f"{vn(rate / office_rate)} lần | |")
        overlay_rate = results[("overlay", large)]["pages"] / results[("overlay", large)]["seconds"]
        lines.append(f"| vanban overlay, {vn(large)} giấy (bảng trên) | | {vn(overlay_rate)} | "
                     f"{vn(overlay_rate / office_rate)} lần | ≥ 15 lần |")
    else:
        lines += ["", "LibreOffice chưa cài trên máy này: không đo được cách làm thông thường."]
    if not quick:
        write_section("Giấy khen", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3])
    else:
        main(quick="--quick" in sys.argv)
