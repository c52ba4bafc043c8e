"""/openapi.json holds as the server behaves: schemathesis fuzzes every operation of a live server.

The checks: no 5xx (not_a_server_error), every status and content type declared
(status_code_conformance, content_type_conformance), every answer (each SSE event too) fits
its schema (response_schema_conformance), data outside the schema refused
(negative_data_rejection), and data inside it accepted (positive_data_acceptance), with
the rules JSON Schema cannot state taught to the generator by schemathesis_hooks.py.
Its three phases run: the schema's examples, boundary coverage, and fuzzing. The hypothesis
seed is fixed and the examples per operation bounded, so the run is the same each time
and takes about a minute on two shared cores.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("schemathesis", reason="pip install -e '.[test]' brings schemathesis")

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
          "negative_data_rejection,positive_data_acceptance")
SEED, MAX_EXAMPLES, BUDGET_S = 1, 25, 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> str:
    """`gradplay.api.app:create_app` under a real uvicorn process on a free loopback port."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "gradplay.api.app:create_app",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/api/health", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the server did not start")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def test_every_operation_passes_every_check(server, tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks", "GRADPLAY_SCHEMATHESIS_URL": server}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", f"{server}/openapi.json", "--checks", CHECKS,
         "--phases", "examples,coverage,fuzzing", "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
         "--workers", "1", "--generation-database", "none", "--no-color"],
        env=env, cwd=tmp_path, capture_output=True,  # its .schemathesis/ folder goes there
        text=True, timeout=BUDGET_S + 60)
    elapsed = time.monotonic() - started
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-20000:]
    selected = re.search(r"Operations:\s+(\d+) selected / (\d+) total", out)
    assert selected and selected.group(1) == selected.group(2) and int(selected.group(1)) >= 12, out[-3000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", out)
    assert generated and generated.group(1) == generated.group(2) and int(generated.group(1)) > 500, out[-3000:]
    for phase in ("Examples", "Coverage", "Fuzzing"):
        assert f"✅ {phase}" in out, out[-3000:]
    print(f"schemathesis: {generated.group(1)} requests, every check passed, {elapsed:.0f} s")
    assert elapsed < BUDGET_S, f"the run took {elapsed:.0f} s; the budget is {BUDGET_S} s"
