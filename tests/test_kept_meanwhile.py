"""Files kept by a thread of their own while the next is assembled (rendering/kept_meanwhile.py): in order, every
one, errors raised where the files are handed over, nothing written after the block is left; and a build whose
certificates are kept so lists the checksums of the very files on disk."""

from __future__ import annotations

import hashlib
import json
import threading
import time

import pytest
from conftest import EXAMPLE

from generator import pipeline
from generator.core.errors import OutputError
from generator.core.files import OutputFile
from generator.rendering.kept_meanwhile import KeptAtOnce, KeptMeanwhile


def item(index: int, size: int = 10) -> OutputFile:
    return OutputFile(f"giay-khen/{index}.pdf", "giay-khen", "pdf", bytes([index % 256]) * size)


def test_files_are_kept_in_order_by_another_thread():
    threads = set()

    def keep(file: OutputFile) -> str:
        threads.add(threading.current_thread().name)
        time.sleep(0.001)
        return file.path

    with KeptMeanwhile(keep, max_waiting_bytes=35) as kept:
        for index in range(40):
            kept.hand(item(index))
        assert kept.results() == [f"giay-khen/{index}.pdf" for index in range(40)]
    assert threads == {"vanban-keep"}
    with KeptAtOnce(keep) as at_once:
        at_once.hand(item(1))
        assert at_once.results() == ["giay-khen/1.pdf"]


def test_files_waiting_stay_under_the_bound():
    waiting, most = [], [0]
    release = threading.Event()

    def keep(file: OutputFile) -> int:
        release.wait(5)
        return len(file.data)

    kept = KeptMeanwhile(keep, max_waiting_bytes=100)
    seen = []

    def hand_all() -> None:
        for index in range(10):
            kept.hand(item(index, 40))
            seen.append(index)
            most[0] = max(most[0], kept._waiting_bytes)

    handing = threading.Thread(target=hand_all)
    handing.start()
    time.sleep(0.2)
    waiting.append(len(seen))
    release.set()
    handing.join(5)
    assert kept.results() == [40] * 10
    kept.close()
    assert waiting[0] <= 3 and most[0] <= 100  # blocked once two files (80 bytes) waited


def test_an_error_of_keep_is_raised_where_files_are_handed_over():
    def keep(file: OutputFile) -> str:
        if file.path.endswith("/3.pdf"):
            raise OutputError("Không ghi được thư mục kết quả")
        return file.path

    with pytest.raises(OutputError), KeptMeanwhile(keep) as kept:
        for index in range(6):
            kept.hand(item(index))
            time.sleep(0.01)
        kept.results()


def test_nothing_is_kept_after_the_block_is_left():
    kept_paths, started = [], threading.Event()

    def keep(file: OutputFile) -> str:
        started.set()
        time.sleep(0.05)
        kept_paths.append(file.path)
        return file.path

    with pytest.raises(KeyboardInterrupt), KeptMeanwhile(keep) as kept:
        for index in range(20):
            kept.hand(item(index))
        started.wait(5)
        raise KeyboardInterrupt
    count = len(kept_paths)
    time.sleep(0.2)
    assert 1 <= count < 20 and len(kept_paths) == count  # the file being kept finished, the rest dropped


def test_a_build_lists_the_checksums_of_the_certificate_files_it_wrote(tmp_path):
    out = tmp_path / "ket-qua"
    result = pipeline.build(EXAMPLE, out, kinds=("giay-khen",), formats=("pdf",), lint=False,
                            certificates=pipeline.CertificateOptions(profile="a4-ngang-phoi", jobs=2))
    receipt = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = [entry for entry in receipt["files"] if entry["kind"] == "giay-khen"]
    assert [entry["path"] for entry in listed] == [item.path for item in result.files]
    assert len(listed) > 3
    for entry in listed:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) > 1000
