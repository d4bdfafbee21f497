"""`templates lint` accepts the awardee fields `templates fields quyet-dinh` documents (row.award.position, .unit)."""

from __future__ import annotations

from test_templates_tool import edit_text, errors_of, override_with

from generator.template_tools.fields import fields_text


def test_row_award_position_and_unit_are_documented_and_accepted(tmp_path):
    guide = fields_text("quyet-dinh")
    assert "row.award.position" in guide and "row.award.unit" in guide
    # The annex's cells are worded in the shared macros (lv.o), which a maintainer overrides like any template.
    folder = override_with(tmp_path, "_shared/loi-van.j2")
    edit_text(folder / "_shared/loi-van.j2", "{{ row.position_unit }}",
              "{{ row.award.position }} {{ row.award.unit }}")
    errors = errors_of(folder)
    assert not [e for e in errors if "biến «" in e], errors


def test_a_misspelt_award_field_is_still_an_error(tmp_path):
    folder = override_with(tmp_path, "_shared/loi-van.j2")
    edit_text(folder / "_shared/loi-van.j2", "{{ row.position_unit }}", "{{ row.award.positon }}")
    errors = errors_of(folder)
    # Found by reading the template (biến «…») or by filling it with the sample («…» không có trong Award).
    assert any("biến «positon»" in e or "«positon» không có trong Award" in e for e in errors), errors
