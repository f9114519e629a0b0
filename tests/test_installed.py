"""An installed cityreports behaves like the checkout: nothing depends on where it lives.

``pip install --no-deps --target`` puts the built package (with its package data: bundled
corpus, codebooks, lexicons, font) in a folder of its own; run from an unrelated working
folder with that folder first on ``sys.path``, ``cityreports extract`` on the bundled corpus
must write the same tables, byte for byte, as the checkout does.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN_CLI = "import sys; from cityreports.cli import main; sys.exit(main())"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _extract(*, pythonpath: str, cwd: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": pythonpath}
    subprocess.run([sys.executable, "-c", RUN_CLI, "extract", "--out", str(out)],
                   cwd=cwd, env=env, check=True, capture_output=True)


def test_installed_package_gives_the_checkouts_tables(tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(ROOT)],
        check=True, capture_output=True,
    )
    where = subprocess.run(
        [sys.executable, "-c", "import cityreports; print(cityreports.__file__)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
        check=True, capture_output=True, text=True,
    ).stdout
    assert where.startswith(str(site)), where
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _extract(pythonpath=str(site), cwd=elsewhere, out=tmp_path / "installed")
    _extract(pythonpath=str(ROOT / "src"), cwd=ROOT, out=tmp_path / "checkout")
    installed, checkout = _digests(tmp_path / "installed"), _digests(tmp_path / "checkout")
    assert "claims.csv" in installed and "documents.csv" in installed
    assert installed == checkout
