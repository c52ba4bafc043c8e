"""docs/api.md stays true: each curl line and the scripted run work against a real uvicorn."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOC = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
CURLS = [line for line in re.findall(r"^(?:\$ )?(curl .*)$", DOC, re.M)]
SNIPPET = re.search(r"```python\n(.*?)```", DOC, re.S).group(1)


def test_the_doc_shows_every_endpoint():
    for path in ("/api/health", "/api/problems", "/api/optimizers", "/api/runs", "/api/runs/stream",
                 "/api/sweeps", "/api/code", "/api/curve", "/api/landscape", "/api/graph", "/api/datasets"):
        assert any(f"localhost:8000{path} " in c or c.endswith(f"localhost:8000{path}") for c in CURLS), path
    assert any(c.startswith("curl -N") and "/api/runs/stream" in c for c in CURLS)
    assert len(SNIPPET.strip().splitlines()) == 5


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
@pytest.mark.parametrize("command", CURLS)
def test_curl_example_works(live, command):
    port = live.rsplit(":", 1)[1]
    done = subprocess.run(command.replace("localhost:8000", f"localhost:{port}"), shell=True,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout
    expect_refusal = '"lr": 0}' in command
    assert ('"detail"' in done.stdout) == expect_refusal, done.stdout[:300]


def test_scripted_run_prints_the_seeds_number(live):
    code = SNIPPET.replace("http://localhost:8000", live)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "completed" and float(done.stdout.split()[1]) == pytest.approx(-0.99991435)
