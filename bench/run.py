"""Turn every benchmark script of bench/ into its section of BENCHMARKS.md, one after the other (`make bench`).

Each script runs in its own process so that one's caches and memory do not colour another's figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("decisions.py", "preview.py", "certificates.py", "lint.py", "web.py")


def main() -> int:
    for script in SCRIPTS:
        print(f"== bench/{script}", flush=True)
        completed = subprocess.run([sys.executable, str(HERE / script)])
        if completed.returncode:
            print(f"bench/{script} dừng với mã {completed.returncode}", file=sys.stderr)
            return completed.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
