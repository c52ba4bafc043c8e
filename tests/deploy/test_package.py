"""What `pip install .` (the Dockerfile's install) ships besides Python files: the page's plotly.js build.

An editable install reads files from the checkout, so a missing package-data entry would only
show in a built wheel; this checks the declaration against the files instead of building one."""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "backend" / "gradplay" / "api"


def test_every_vendored_file_is_declared_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["gradplay.api"]
    files = [p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "vendor").iterdir() if p.is_file()]
    assert "vendor/plotly-cartesian.min.js" in files
    assert [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)] == []
