"""What `vanban check` tells the secretary beyond the counts: rounding in words, converted cells, file encodings."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.legal import ROUNDING_MODES


def run_check(folder, *options: str):
    result = CliRunner().invoke(cli, ["check", str(folder), *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_rounding_mode_has_words():
    from generator.summary import ROUNDING_LABELS

    assert set(ROUNDING_LABELS) == set(ROUNDING_MODES)


@pytest.mark.parametrize("mode, words", [
    pytest.param(None, "làm tròn lên hàng chục nghìn đồng", id="mặc định"),
    pytest.param("gan-nhat", "làm tròn đến hàng chục nghìn gần nhất", id="gan-nhat"),
    pytest.param("khong", "không làm tròn", id="khong"),
])
def test_check_prints_the_rounding_in_words(session_copy, mode, words):
    if mode:
        dot = session_copy / "dot.toml"
        text = dot.read_text(encoding="utf-8").replace('# lam_tron = "len"', f'lam_tron = "{mode}"')
        dot.write_text(text, encoding="utf-8")
    output = run_check(session_copy)
    assert "Hệ số: cá nhân 0,3, tập thể 0,6, hộ gia đình 0,3 (Nghị định số 152/2025/NĐ-CP, Điều 54 khoản 2); " \
        f"{words}\n" in output
    assert "làm tròn: " not in output
    data = json.loads(run_check(session_copy, "--json"))
    legal = data["quyet_dinh"][0]["can_cu_phap_ly"]
    assert legal["lam_tron"] == (mode or "len") and legal["lam_tron_viet"] == words
