"""A build writes each file into the new version's folder as it is made (publishing/staging.py), not all at the end.

Memory then keeps each file's path, size and checksum, not its bytes (a province's certificates are hundreds of
MiB); the output path still shows the new version only after the atomic switch, a build that stops leaves no
folder behind, and a staging folder is removed by another build only once the build writing it is gone.
"""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE

from generator import pipeline
from generator.core.errors import TemplateError
from generator.core.files import OutputFile
from generator.publishing import history as output_history
from generator.publishing import publish
from generator.publishing.staging import StagedFile, Staging

ROOT = Path(__file__).resolve().parents[1]


def _stray(target: Path) -> list[str]:
    store = output_history.store_of(target)
    if not store.is_dir():
        return []
    return sorted(entry.name for entry in store.iterdir() if entry.name.startswith(output_history.STAGING_PREFIX))


def test_publishing_receives_no_file_bytes_of_a_whole_build(tmp_path, monkeypatch):
    """Every file, certificates included, is on disk before publishing starts; memory holds none of their bytes."""
    handed: list = []
    real_publish = pipeline.publish

    def watching(target, files, receipt, **options):  # noqa: ANN001, ANN202 - pipeline.publish's own signature
        handed.extend(files)
        staging = options["staging"].folder
        for item in files:
            on_disk = (staging / item.path).read_bytes()  # written already, into the version not yet shown
            assert len(on_disk) == item.size and hashlib.sha256(on_disk).hexdigest() == item.sha256, item.path
        assert not (tmp_path / "ket-qua").exists()  # nothing shown before the switch
        return real_publish(target, files, receipt, **options)

    monkeypatch.setattr(pipeline, "publish", watching)
    result = pipeline.build(EXAMPLE, tmp_path / "ket-qua", lint=False)
    kinds = {item.kind for item in handed}
    assert kinds == {"quyet-dinh", "cong-van", "giay-khen"}
    held = [item.path for item in handed if isinstance(item, OutputFile) or not isinstance(item, StagedFile)]
    assert held == [], f"files whose bytes were kept in memory until publishing: {held}"
    receipt = json.loads((tmp_path / "ket-qua" / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["path"] for entry in receipt["files"]] == [item.path for item in result.files]
    for entry, item in zip(receipt["files"], result.files, strict=True):
        data = (tmp_path / "ket-qua" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] == item.sha256, entry["path"]
        assert item.data == data  # read back from the published version when asked (vanban issue)
    assert _stray(tmp_path / "ket-qua") == []


def test_a_build_that_fails_after_its_certificates_leaves_the_previous_version_and_no_folder(tmp_path):
    out = tmp_path / "ket-qua"
    pipeline.build(EXAMPLE, out, formats=("docx",), lint=False)
    before = out.resolve()
    listing = sorted(path.relative_to(before) for path in before.rglob("*"))
    broken = tmp_path / "mau"
    (broken / "quyet-dinh").mkdir(parents=True)
    (broken / "quyet-dinh" / "template.html").write_text("<p>{{ qd.khong_co.gi_ca() }}</p>", encoding="utf-8")
    with pytest.raises(TemplateError):
        pipeline.build(EXAMPLE, out, templates=broken, lint=False)  # certificates first, then the decisions
    assert out.resolve() == before
    assert sorted(path.relative_to(before) for path in before.rglob("*")) == listing
    assert _stray(out) == []


def test_a_failed_first_build_leaves_no_history_store(tmp_path):
    broken = tmp_path / "mau"
    (broken / "quyet-dinh").mkdir(parents=True)
    (broken / "quyet-dinh" / "template.html").write_text("<p>{{ qd.khong_co.gi_ca() }}</p>", encoding="utf-8")
    with pytest.raises(TemplateError):
        pipeline.build(EXAMPLE, tmp_path / "ket-qua", templates=broken, lint=False)
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["mau"]


HOLDER = """
import sys, time
from pathlib import Path
from generator.core.files import OutputFile
from generator.publishing.staging import Staging
staging = Staging(Path(sys.argv[1]))
staging.keep(OutputFile("giay-khen/tat-ca.pdf", "giay-khen", "pdf", b"%PDF-1.7 half a build"))
print(staging.folder.name, flush=True)
time.sleep(120)
"""


def test_another_builds_staging_folder_is_kept_while_it_runs_and_removed_once_it_is_killed(tmp_path):
    out = tmp_path / "ket-qua"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        name = holder.stdout.readline().strip()
        assert name.startswith(output_history.STAGING_PREFIX), name
        note = OutputFile("ghi-chu.txt", "cong-van", "docx", b"x")
        publish(out, [note], {"dot": "thu", "files": []})  # recovery runs: the live build's folder stays
        assert name in _stray(out)
        assert (output_history.store_of(out) / name / "giay-khen" / "tat-ca.pdf").is_file()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    publish(out, [note], {"dot": "thu", "files": []})  # its builder is gone: the next publish removes it
    assert _stray(out) == []


def test_a_staging_folder_of_this_process_is_its_own_until_published_or_discarded(tmp_path):
    out = tmp_path / "ket-qua"
    with Staging(out) as staging:
        kept = staging.keep(OutputFile("a/b.pdf", "giay-khen", "pdf", b"%PDF-1.7 one"))
        assert kept.size == len(b"%PDF-1.7 one") and kept.data == b"%PDF-1.7 one"
        publish(out, [OutputFile("c.txt", "cong-van", "docx", b"other")], {"dot": "thu", "files": []})
        assert (staging.folder / "a" / "b.pdf").is_file()  # another publish in this process left it alone
    assert _stray(out) == []
    assert (out / "c.txt").read_bytes() == b"other"
