"""Turn whole `vanban check` and `vanban build` runs on a province-sized list (50.000 rows) into time and peak memory.

Each run is a separate process, as a user starts it; peak memory is the largest sum over the process and all its
workers, sampled every 50 ms from /proc (PSS, and RSS as an upper bound). Reports median, min and max of the runs.
Not run by the test suite. Run:
    .venv/bin/python bench/large_list.py [ROWS[,ROWS…]] [RUNS] [--format=docx,pdf] [--only=quyet-dinh,…] [--no-check]
                                         [--write]
With several sizes (``12500,25000,50000``) it fits the exponent k of time and of peak memory over them (value ∝
rows^k) and says whether growth is linear (k ≤ 1,1). ``--write`` puts the figures in BENCHMARKS.md, section
"Danh sách của cả tỉnh (vanban build)".
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.run import exponent, verdict, vn  # noqa: E402 - Vietnamese numbers and the k of run.py
from bench.sessions import compile_like_an_installed_copy  # noqa: E402

EXAMPLE = ROOT / "data" / "vi-du"
HEADER = ["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức", "Số tiền"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quang", "Kim"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc", "Quân",
         "Sơn", "Thảo", "Trang", "Tuấn", "Uyên", "Vinh", "Xuân", "Yến"]


def write_list(path: Path, rows: int) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(HEADER)
    for index in range(rows):
        name = (f"{FAMILY[index % len(FAMILY)]} {MIDDLE[index // 14 % len(MIDDLE)]} "
                f"{GIVEN[index // 140 % len(GIVEN)]} {index // 3080 + 1}")
        unit = f"Đơn vị số {index % 500 + 1:03d}"
        if index % 1000 == 1:  # every form of the example's dot.toml has a decision (it refuses an unused block)
            sheet.append([index + 1, f"Tổ công tác số {index // 1000 + 1}", "Tập thể", None, None, unit,
                          "Tập thể lao động tiên tiến", None])
            continue
        form = "Chiến sĩ thi đua cơ sở" if index % 1000 == 2 else "Giấy khen" if index % 3 else "Lao động tiên tiến"
        gender = "Nữ" if index % 2 else "Nam"
        sheet.append([index + 1, name, "Cá nhân", gender, "Chuyên viên", unit, form, None])
    workbook.save(path)


def session(folder: Path, rows: int) -> Path:
    shutil.copytree(EXAMPLE, folder)
    write_list(folder / "danh-sach.xlsx", rows)
    return folder


def _tree_memory(pid: int) -> tuple[int, int]:
    """Resident (RSS) and proportional (PSS) memory of a process and its descendants, in bytes.

    Forked workers share the parent's pages: the sum of their RSS counts those pages once per process (an upper
    bound); PSS splits each shared page between the processes that map it, so its sum is what the tree really uses.
    """
    rss, pss, pending = 0, 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def measured(arguments: list[str]) -> tuple[float, int, int, int, float]:
    """Wall time, peak PSS and peak RSS of the process tree, exit code, CPU time (user + system) of the tree.

    CPU time counts what the build itself did: on a shared machine it grows much less with the load than wall time.
    """
    vanban = Path(sys.executable).with_name("vanban")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([str(vanban), *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
    if process.returncode != 0:
        sys.stderr.write(errors.decode("utf-8", "replace")[-2000:])
    return elapsed, peak_pss, peak_rss, process.returncode, cpu


def report(label: str, runs: list[tuple[float, int, int, int, float]]) -> str:
    times = [run[0] for run in runs]
    cpu = statistics.median(run[4] for run in runs)
    pss = [run[1] / 1024 ** 2 for run in runs]
    rss = [run[2] / 1024 ** 2 for run in runs]
    codes = sorted({run[3] for run in runs})
    return (f"{label}: {vn(statistics.median(times), 1)} s (min {vn(min(times), 1)}, max {vn(max(times), 1)}; "
            f"thời gian CPU {vn(cpu, 1)} s); "
            f"bộ nhớ đỉnh PSS {vn(statistics.median(pss), 0)} MiB (min {vn(min(pss), 0)}, max {vn(max(pss), 0)}); "
            f"tổng RSS đỉnh {vn(statistics.median(rss), 0)} MiB (max {vn(max(rss), 0)}); mã thoát "
            f"{', '.join(map(str, codes))}; {len(runs)} lần đo")


def growth(sizes: list[int], builds: dict[int, list[tuple[float, int, int, int, float]]]) -> list[str]:
    """The exponent k of time and of peak memory over the sizes (value ∝ rows^k), each with its verdict."""
    if len(sizes) < 2:
        return []
    lines = []
    for label, column in (("thời gian", 0), ("thời gian CPU", 4), ("bộ nhớ đỉnh (PSS)", 1)):
        k = exponent(sizes, [statistics.median(run[column] for run in builds[size]) for size in sizes])
        lines.append(f"Số mũ k của {label} theo số dòng: {vn(k, 2)} — {verdict(k, 1.1)} (k ≤ 1,1: tuyến tính)")
    peak = statistics.median(run[1] for run in builds[sizes[-1]]) / 1024 ** 2
    lines.append(f"Bộ nhớ đỉnh ở {vn(sizes[-1], 0)} dòng: {vn(peak, 0)} MiB — {verdict(peak, 1024)} (≤ 1 GiB)")
    return lines


def main() -> None:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    sizes = sorted(int(size) for size in arguments[0].split(",")) if arguments else [50_000]
    count = int(arguments[1]) if len(arguments) > 1 else 3
    formats = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--format=")), "docx,pdf")
    only = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")), "quyet-dinh,cong-van,giay-khen")
    skip_check = "--no-check" in sys.argv
    compile_like_an_installed_copy()
    lines = []
    builds: dict[int, list[tuple[float, int, int, int, float]]] = {}
    started = datetime.now(UTC)
    load = os.getloadavg()
    print(f"{', '.join(vn(size, 0) for size in sizes)} dòng, {sys.platform}, "
          f"{Path('/proc/cpuinfo').read_text().count('processor')} nhân")
    for rows in sizes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = session(Path(temporary) / "tinh", rows)
            if not skip_check:
                checks = [measured(["check", str(folder)]) for _ in range(count)]
                lines.append(report(f"{vn(rows, 0)} dòng, vanban check", checks))
                print(lines[-1], flush=True)
            builds[rows] = [measured(["build", str(folder), "-o", str(Path(temporary) / f"ket-qua-{i}"), "--format",
                                      formats, "--only", only, "-q"]) for i in range(count)]
            lines.append(report(f"{vn(rows, 0)} dòng, vanban build --format {formats} --only {only}",
                                builds[rows]))
            print(lines[-1], flush=True)
    verdicts = growth(sizes, builds)
    for line in verdicts:
        print(line)
    if "--write" in sys.argv:
        from bench.lint import machine, write_section

        ended = os.getloadavg()
        write_section("Danh sách của cả tỉnh (vanban build)", "\n".join([
            f"Lập bởi `python bench/large_list.py {' '.join(sys.argv[1:])}`, không gõ tay, "
            f"{started:%Y-%m-%d %H:%M} UTC. Máy: {machine()}. Tải trung bình lúc bắt đầu "
            f"{' / '.join(vn(value, 1) for value in load)}, lúc kết thúc {' / '.join(vn(value, 1) for value in ended)}"
            " (máy dùng chung: số giây dao động theo tải).",
            "",
            f"Danh sách {', '.join(vn(size, 0) for size in sizes)} dòng do `bench/large_list.py` sinh (500 đơn vị, "
            "bốn hình thức của đợt mẫu). Mỗi lần đo là một tiến trình như người dùng chạy; bộ nhớ đỉnh là tổng PSS "
            "(và tổng RSS, cận trên) của tiến trình và các tiến trình con, lấy mẫu mỗi 50 ms; thời gian CPU "
            "(người dùng + hệ thống) của cả cây tiến trình ít phụ thuộc tải máy hơn số giây. Mục tiêu (issue 13): "
            "bộ nhớ đỉnh ≤ 1 GiB, thời gian tăng tuyến tính theo số dòng (số mũ k của giá trị ∝ số dòng^k, bình "
            "phương tối thiểu trên logarit, như bench/run.py).",
            "",
            *[f"- {line}" for line in lines],
            *(["", *[f"- {line}" for line in verdicts]] if verdicts else []),
        ]))


if __name__ == "__main__":
    main()
