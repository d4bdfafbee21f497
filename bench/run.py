"""Turn whole-process runs of vanban and of its peers into BENCHMARKS.md (`make bench`; `make bench-quick`).

Every figure is a process started as a user starts it (`vanban …` on files of a session folder made by
bench/sessions.py), run at least three times; the peers in bench/peers/ (Typst through typst-py, plain WeasyPrint,
LibreOffice headless) render the same content in the same run, alternating with vanban round by round, so that the
load of this shared machine falls on all of them alike. The headline is the ratio; verdicts are computed from the
measured figure and the target. Quick mode (--quick) measures fewer, smaller sizes and writes
output/bench/BENCHMARKS-quick.md instead of BENCHMARKS.md.
"""

from __future__ import annotations

import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sessions import compile_like_an_installed_copy, make_session  # noqa: E402

PEERS = ROOT / "bench" / "peers"
PYTHON = sys.executable
VANBAN = str(Path(sys.executable).with_name("vanban"))


@dataclass
class Contender:
    """One program in a comparison: how to start it (argv) on the work folder, and what to clear before each run."""

    label: str
    argv: list[str]
    clear: list[Path] = field(default_factory=list)
    pdf: Path | None = None  # the PDF it writes, whose pages are counted
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    pages: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> float:
        return max(self.peaks)


def tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def clear(path: Path) -> None:
    """Remove a previous run's output, so that every run is a first build: vanban's output folder is a link to a
    version kept in ``.<name>.lich-su`` beside it, which goes too."""
    if path.is_symlink():
        path.unlink()
        shutil.rmtree(path.parent / f".{path.name}.lich-su", ignore_errors=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def run_once(contender: Contender) -> None:
    """Start the contender's process, time it to its end, sample its process tree's memory every 20 ms."""
    for path in contender.clear:
        clear(path)
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(contender.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{contender.label}: mã thoát {process.returncode}\n{errors.decode(errors='replace')}")
    contender.times.append(elapsed)
    contender.peaks.append(peak / 1024)
    if contender.pdf is not None:
        pdf = contender.pdf if contender.pdf.is_file() else next(contender.pdf.parent.glob(contender.pdf.name))
        contender.pages = pdf_pages(pdf)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def alternate(contenders: list[Contender], runs: int) -> list[Contender]:
    """Round by round, each contender once: A B C, A B C, A B C."""
    for _ in range(runs):
        for contender in contenders:
            run_once(contender)
    for contender in contenders:
        print(f"  {contender.label}: {spread(contender.times)} s, {contender.peak:.0f} MiB, {contender.pages} trang",
              flush=True)
    return contenders


def vn(value: float, digits: int = 2) -> str:
    """1234.5 -> '1.234,50' (Vietnamese separators)."""
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def spread(values: list[float], digits: int = 2) -> str:
    return f"{vn(statistics.median(values), digits)} [{vn(min(values), digits)}–{vn(max(values), digits)}]"


def paired_ratios(ours: Contender, peer: Contender) -> list[float]:
    """vanban ÷ peer in each round: both ran back to back under the same load."""
    return [a / b for a, b in zip(ours.times, peer.times, strict=True)]


def verdict(value: float, target: float, at_most: bool = True) -> str:
    met = value <= target if at_most else value >= target
    return "**đạt**" if met else "**chưa đạt**"


SHARE_PAIRS = 7  # builds with and without the format check, alternating, for its share


def exponent(sizes: list[int], values: list[float]) -> float:
    """The k of value ∝ size^k, least squares on logarithms."""
    xs, ys = [math.log(s) for s in sizes], [math.log(v) for v in values]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def prepare(work: Path, rows: int, what: str = "annex") -> Path:
    """A session folder of ``rows`` awardees and the peers' copy of its content (not timed)."""
    folder = make_session(work / f"dot-{rows}", rows)
    name = {"annex": "annex.json", "certificates": "certificates.json"}.get(what)
    if name and not (folder / name).is_file():
        subprocess.run([PYTHON, str(ROOT / "bench" / "content.py"), str(folder), str(folder / name), what],
                       check=True)
    return folder


def annex_contenders(work: Path, rows: int, peers: tuple[str, ...]) -> list[Contender]:
    folder = prepare(work, rows)
    out = work / f"out-{rows}"
    found = [Contender("vanban build --only quyet-dinh --format pdf --no-lint",
                       [VANBAN, "build", str(folder), "-o", str(out), "--only", "quyet-dinh", "--format", "pdf",
                        "--no-lint", "-q"], [out], out / "quyet-dinh-giay-khen.pdf")]
    if "typst" in peers:
        found.append(Contender("Typst (typst-py)", [PYTHON, str(PEERS / "typst_annex.py"), str(folder / "annex.json"),
                                                    str(work / f"typst-{rows}.pdf")], [], work / f"typst-{rows}.pdf"))
    if "weasyprint" in peers:
        found.append(Contender("WeasyPrint thuần", [PYTHON, str(PEERS / "weasyprint_annex.py"),
                                                     str(folder / "annex.json"), str(work / f"weasy-{rows}.pdf")],
                               [], work / f"weasy-{rows}.pdf"))
    if "libreoffice" in peers and shutil.which("soffice"):
        docx = work / f"docx-{rows}" / "quyet-dinh-giay-khen.docx"
        if not docx.is_file():
            subprocess.run([VANBAN, "build", str(folder), "-o", str(docx.parent), "--only", "quyet-dinh", "--format",
                            "docx", "--no-lint", "-q"], check=True)
        lo = work / f"lo-{rows}"
        found.append(Contender("LibreOffice headless (DOCX của vanban → PDF)",
                               ["sh", str(PEERS / "libreoffice.sh"), str(docx), str(lo)],
                               [lo / "quyet-dinh-giay-khen.pdf"], lo / "quyet-dinh-giay-khen.pdf"))
    return found


def row(*cells: object) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def main(quick: bool, sizes: list[int] | None = None) -> int:
    runs = 3
    annex_sizes = sizes or ([500, 1000, 2000] if quick else [1000, 2000, 5000, 10000, 20000])
    ratio_sizes = [s for s in (2000, 10000) if s in annex_sizes]
    list_rows = 10000 if quick else 50000
    certificate_rows = 5000 if quick else 50000
    certificate_peer_rows = 2000 if quick else 10000
    compile_like_an_installed_copy()
    started, load_start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.getloadavg()
    clock = time.perf_counter()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    goals: list[str] = []
    details: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as temporary:
        work = Path(temporary)

        # 1. The long annex, against Typst (every size), plain WeasyPrint and LibreOffice (at the ratio sizes).
        annex: dict[int, list[Contender]] = {}
        for rows in annex_sizes:
            print(f"== danh sách {rows} dòng", flush=True)
            peers = ("typst", "weasyprint", "libreoffice") if rows == 2000 else ("typst",)
            annex[rows] = alternate(annex_contenders(work, rows, peers), runs)
        details += ["## Danh sách kèm theo quyết định (PDF)", "",
                    "Một quyết định tặng Giấy khen, danh sách N cá nhân (tên, chức vụ, đơn vị khác nhau, có dòng xuống "
                    "hàng), bằng tiền. vanban: `vanban build ĐỢT --only quyet-dinh --format pdf --no-lint` (gồm đọc "
                    "danh sách, kiểm tra, lập và ghi tệp; trang quyết định cũng nằm trong tệp). Typst và WeasyPrint "
                    "thuần dàn cùng bảng (cùng chữ, cột, phông, lề, hàng tiêu đề lặp lại, số trang) từ `annex.json` "
                    "do `bench/content.py` rút ra từ HTML của chính vanban; LibreOffice chuyển tệp DOCX vanban lập "
                    "cho cùng quyết định.", "",
                    row("Số dòng", "Chương trình", "Thời gian (s): trung vị [nhỏ nhất–lớn nhất]",
                        "Bộ nhớ đỉnh (MiB)", "Số trang", "vanban ÷ chương trình này (trung vị [khoảng])"),
                    row(*["---"] * 6)]
        for rows, contenders in annex.items():
            ours = contenders[0]
            for contender in contenders:
                ratios = paired_ratios(ours, contender)
                details.append(row(vn(rows, 0), contender.label, spread(contender.times),
                                   vn(contender.peak, 0), contender.pages,
                                   "" if contender is ours else spread(ratios)))
        sizes = [s for s in annex_sizes if s >= 1000]
        fits = {
            "vanban, thời gian": exponent(sizes, [annex[s][0].median for s in sizes]),
            "vanban, bộ nhớ đỉnh": exponent(sizes, [annex[s][0].peak for s in sizes]),
            "Typst, thời gian": exponent(sizes, [annex[s][1].median for s in sizes]),
        }
        details += ["", f"Số mũ k của thời gian (bộ nhớ) ∝ N^k, bình phương nhỏ nhất trên log, N = "
                    f"{', '.join(vn(s, 0) for s in sizes)}; k ≤ 1,1 được coi là tuyến tính:", "",
                    row("Đại lượng", "k", "Tuyến tính?"), row("---", "---", "---")]
        details += [row(name, vn(k, 2), verdict(k, 1.1)) for name, k in fits.items()]
        for rows in ratio_sizes:
            ours, typst = annex[rows][0], annex[rows][1]
            ratio = statistics.median(paired_ratios(ours, typst))
            goals.append(row(f"Danh sách {vn(rows, 0)} dòng: thời gian vanban ÷ Typst",
                             spread(paired_ratios(ours, typst)), "≤ 3", verdict(ratio, 3)))
        big = max(s for s in annex_sizes if s <= 10000)
        goals.append(row(f"Danh sách {vn(big, 0)} dòng: bộ nhớ đỉnh vanban (MiB)", vn(annex[big][0].peak, 0), "≤ 400",
                         verdict(annex[big][0].peak, 400)))
        goals.append(row("Danh sách: thời gian tuyến tính theo số dòng (số mũ k)", vn(fits["vanban, thời gian"]),
                         "≤ 1,1", verdict(fits["vanban, thời gian"], 1.1)))
        goals.append(row("Danh sách: bộ nhớ tuyến tính theo số dòng (số mũ k)", vn(fits["vanban, bộ nhớ đỉnh"]),
                         "≤ 1,1", verdict(fits["vanban, bộ nhớ đỉnh"], 1.1)))

        # 2. The format check's share of a build of the 2.000-row decision (DOCX + PDF, as `vanban build` does).
        print("== kiểm tra thể thức", flush=True)
        folder = prepare(work, 2000)
        built = work / "lint-on"
        with_lint = Contender("vanban build --only quyet-dinh (có kiểm tra thể thức)",
                              [VANBAN, "build", str(folder), "-o", str(built), "--only", "quyet-dinh", "-q"], [built])
        without = Contender("vanban build --only quyet-dinh --no-lint",
                            [VANBAN, "build", str(folder), "-o", str(work / "lint-off"), "--only", "quyet-dinh",
                             "--no-lint", "-q"], [work / "lint-off"])
        # A difference of two times that each vary by a few tenths of a second from run to run on a shared machine:
        # more pairs than the other figures, so that the median share is not one unlucky pair.
        alternate([with_lint, without], SHARE_PAIRS)
        checked_files = [str(built / "quyet-dinh-giay-khen.pdf"), str(built / "quyet-dinh-giay-khen.docx")]
        run_once(Contender("chuẩn bị", [VANBAN, "build", str(folder), "-o", str(built), "--only", "quyet-dinh",
                                        "--no-lint", "-q"], [built]))
        lint = alternate([Contender("vanban lint PDF DOCX", [VANBAN, "lint", *checked_files])], runs)[0]
        shares = [(a - b) / a for a, b in zip(with_lint.times, without.times, strict=True)]
        lint_share = [t / a for t, a in zip(lint.times, with_lint.times[:runs], strict=True)]
        details += ["", "## Kiểm tra thể thức", "", row("Phép đo", "Thời gian (s)", "Bộ nhớ đỉnh (MiB)"),
                    row("---", "---", "---"),
                    *(row(c.label, spread(c.times), vn(c.peak, 0)) for c in (with_lint, without, lint)),
                    "", f"Phần của kiểm tra thể thức trong `vanban build` (hiệu hai lần chạy ÷ lần có kiểm tra): "
                    f"{spread([s * 100 for s in shares], 0)} %; `vanban lint` riêng trên hai tệp ÷ build: "
                    f"{spread([s * 100 for s in lint_share], 0)} %."]
        goals.append(row(f"Kiểm tra thể thức danh sách 2.000 dòng ({with_lint.pages or annex[2000][0].pages} trang): "
                         "phần trong thời gian build (%)", spread([s * 100 for s in shares], 0), "≤ 10",
                         verdict(statistics.median(shares) * 100, 10)))

        # 3. The list path: `vanban check` of a long list.
        print(f"== vanban check {list_rows} dòng", flush=True)
        folder = prepare(work, list_rows, "none")
        check = alternate([Contender(f"vanban check ({vn(list_rows, 0)} dòng, .xlsx)",
                                     [VANBAN, "check", str(folder)])], runs)[0]
        details += ["", "## Đọc và kiểm tra danh sách", "", row("Phép đo", "Thời gian (s)", "Bộ nhớ đỉnh (MiB)"),
                    row("---", "---", "---"), row(check.label, spread(check.times), vn(check.peak, 0))]
        goals.append(row(f"`vanban check` {vn(list_rows, 0)} dòng: thời gian (s)", spread(check.times),
                         "≤ 2" if list_rows == 50000 else "(cỡ 50.000: chỉ chế độ đầy đủ)",
                         verdict(check.median, 2) if list_rows == 50000 else ""))
        goals.append(row(f"`vanban check` {vn(list_rows, 0)} dòng: bộ nhớ đỉnh (MiB)", vn(check.peak, 0), "≤ 300",
                         verdict(check.peak, 300)))

        # 4. Certificates on pre-printed stock from the CLI, and against Typst on the same words.
        print("== giấy khen", flush=True)
        details += ["", "## Giấy khen in lên phôi (overlay)", "",
                    "`vanban build ĐỢT --only giay-khen --profile a4-ngang-phoi --mode overlay --format pdf` (đọc "
                    "danh sách, vẽ mọi trang trên 2 lõi, ghi `tat-ca.pdf` và một PDF mỗi đơn vị). Typst đặt cùng "
                    "chữ vào cùng các ô (`bench/peers/certificates.typ`, từ `certificates.json`), một tệp.", "",
                    row("Số giấy", "Chương trình", "Thời gian (s)", "Trang/giây (trung vị)", "Bộ nhớ đỉnh (MiB)",
                        "Typst ÷ vanban"), row(*["---"] * 6)]

        def certificates(rows: int, with_typst: bool) -> list[Contender]:
            folder = prepare(work, rows, "certificates" if with_typst else "none")
            out = work / f"gk-{rows}"
            found = [Contender("vanban (overlay)", [VANBAN, "build", str(folder), "-o", str(out), "--only",
                                                    "giay-khen", "--profile", "a4-ngang-phoi", "--mode", "overlay",
                                                    "--format", "pdf", "-q"], [out])]
            if with_typst:
                found.append(Contender("Typst (typst-py)", [PYTHON, str(PEERS / "typst_certificates.py"),
                                                            str(folder / "certificates.json"),
                                                            str(work / f"typst-gk-{rows}.pdf")]))
            return alternate(found, runs)

        pair = certificates(certificate_peer_rows, True)
        alone = certificates(certificate_rows, False)[0]
        for rows, group in ((certificate_peer_rows, pair), (certificate_rows, [alone])):
            for contender in group:
                details.append(row(vn(rows, 0), contender.label, spread(contender.times),
                                   vn(rows / contender.median, 0), vn(contender.peak, 0),
                                   spread([t / v for v, t in zip(group[0].times, contender.times, strict=True)])
                                   if contender is not group[0] else ""))
        rate = certificate_rows / alone.median
        goals.append(row(f"Giấy khen {vn(certificate_rows, 0)} (overlay, CLI): trang/giây",
                         f"{vn(rate, 0)} [{vn(certificate_rows / max(alone.times), 0)}–"
                         f"{vn(certificate_rows / min(alone.times), 0)}]", "≥ 6.000", verdict(rate, 6000, False)))
        goals.append(row(f"Giấy khen {vn(certificate_rows, 0)}: bộ nhớ đỉnh (MiB)", vn(alone.peak, 0), "≤ 500",
                         verdict(alone.peak, 500)))
        speedup = [t / v for v, t in zip(pair[0].times, pair[1].times, strict=True)]
        goals.append(row(f"Giấy khen {vn(certificate_peer_rows, 0)}: Typst ÷ vanban (lần nhanh hơn)",
                         spread(speedup), "≥ 2", verdict(statistics.median(speedup), 2, False)))

        # 5. Context: start-up and the example session.
        print("== đợt mẫu", flush=True)
        demo_out = work / "vi-du"
        small = alternate([Contender("vanban --help", [VANBAN, "--help"]),
                           Contender("vanban build (đợt mẫu, đủ văn bản, kiểm tra thể thức)",
                                     [VANBAN, "build", "-o", str(demo_out), "-q"], [demo_out])], runs)
        details += ["", "## Khởi động và đợt mẫu", "", row("Phép đo", "Thời gian (s)", "Bộ nhớ đỉnh (MiB)"),
                    row("---", "---", "---"), *(row(c.label, spread(c.times), vn(c.peak, 0)) for c in small)]

    load_end = os.getloadavg()
    minutes = (time.perf_counter() - clock) / 60
    header = [
        "# Đo tốc độ (bench/)", "",
        f"Lập bởi `python {' '.join(['bench/run.py', *sys.argv[1:]])}`, không gõ tay. Bắt đầu "
        f"{started}, mã nguồn {commit}, {vn(minutes, 1)} phút. Máy: {machine()}.", "",
        f"**Máy dùng chung**: {os.cpu_count()} lõi cùng lúc chạy việc khác (kiểm thử của người khác). Tải trung bình "
        f"(1/5/15 phút) lúc bắt đầu {' / '.join(vn(x, 1) for x in load_start)}, lúc kết thúc "
        f"{' / '.join(vn(x, 1) for x in load_end)}: số giây là bối cảnh và dao động theo tải; tỉ số giữa vanban và "
        "chương trình khác (chạy xen kẽ, từng vòng liền nhau) mới là con số chính.", "",
        f"Mỗi số là một tiến trình chạy như người dùng chạy, {runs} lần, ghi trung vị [nhỏ nhất–lớn nhất]; tỉ số "
        f"tính trên từng vòng rồi lấy trung vị (phần của kiểm tra thể thức: {SHARE_PAIRS} cặp lần có và không "
        "kiểm tra, vì là hiệu của hai thời gian cùng dao động). Bộ nhớ đỉnh: tổng RSS của tiến trình và các tiến "
        "trình con, lấy mẫu mỗi 20 ms. Mã nguồn vanban được biên dịch sẵn (.pyc) như bản cài của người dùng từ lần "
        "chạy đầu. Chương trình so sánh và nội dung chúng dàn: `bench/peers/`, chạy lại được.", "",
        "## Mục tiêu (issue 19)", "", row("Mục tiêu", "Đo được: trung vị [khoảng]", "Mục tiêu", "Kết luận"),
        row("---", "---", "---", "---"), *goals, "",
    ]
    text = "\n".join(header + details) + "\n"
    target = ROOT / "output" / "bench" / "BENCHMARKS-quick.md" if quick else ROOT / "BENCHMARKS.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        text += sections_of_others(target.read_text(encoding="utf-8"), text)
    target.write_text(text, encoding="utf-8")
    print(text)
    print(f"Đã ghi {target}")
    return 0


def sections_of_others(previous: str, ours: str) -> str:
    """The '## ' sections of the previous file that this runner does not write (bench/lint.py, bench/web.py and
    bench/large_list.py write their own), kept as they were."""
    own = {line for line in ours.splitlines() if line.startswith("## ")}
    kept = [section for section in re.split(r"(?m)^(?=## )", previous)
            if section.startswith("## ") and section.splitlines()[0] not in own]
    return "".join("\n" + section.rstrip() + "\n" for section in kept)


def machine() -> str:
    cpu = platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} lõi, Python {platform.python_version()}, {platform.system()}"


if __name__ == "__main__":
    # --sizes 1000,2000,5000: other annex sizes (2.000 must be among them), e.g. when the machine is busy.
    chosen = next((arg.split("=", 1)[1] for arg in sys.argv if arg.startswith("--sizes=")), None)
    sys.exit(main(quick="--quick" in sys.argv, sizes=[int(s) for s in chosen.split(",")] if chosen else None))
