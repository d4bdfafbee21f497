"""Turn generator/rendering/fields.py into the variable tables of templates/README.md (run after changing fields)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.template_tools.fields import GUIDE, refreshed_guide  # noqa: E402

if __name__ == "__main__":
    GUIDE.write_text(refreshed_guide(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Đã cập nhật {GUIDE}")
