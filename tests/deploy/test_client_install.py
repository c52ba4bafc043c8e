"""A student's laptop: the client alone (`pip install ./client`) scripts a run against a real server.

A fresh venv gets the `gradplay-client` distribution from this checkout, as README.md says
(pip fetches httpx and pydantic from the package index). torch, FastAPI, numpy and plotly are
not there, and the client still runs, streams and sweeps against a live server started here
from the main environment, with the seed's numbers.
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys
    from gradplay.client import ApiError, Client

    with Client(sys.argv[1]) as gp:
        run = gp.run("parabola", optimizer="gd", lr=0.1, steps=50)
        stream = gp.stream("parabola", optimizer="sgd", lr=0.1, steps=3)
        streamed = [r.params["x"] for r in stream]
        sweep = gp.sweep("parabola", lrs=[0.1, 1.5], steps=2)
        try:
            gp.run("parabola", lr=0)
            refused = None
        except ApiError as e:
            refused = [e.status, e.detail]
        try:
            run.figure()
            figure = "drawn"
        except ImportError as e:
            figure = str(e)
    print(json.dumps({"status": run.summary.status, "final_x": run.param("x")[-1], "losses": run.losses[:3],
                      "records": len(run.records), "request": run.request.model_dump(), "streamed": streamed,
                      "stream_status": stream.summary.status, "sweep": sweep.final_losses, "refused": refused,
                      "figure": figure}))
""")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> str:
    """The server from the main environment (torch and all), on a free loopback port."""
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


@pytest.fixture(scope="module")
def client_python(tmp_path_factory) -> Path:
    """python of a fresh venv holding only the client distribution and what it depends on."""
    venv = tmp_path_factory.mktemp("client") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # PYTHONPATH would leak the checkout's backend (and the main env) into the venv: cleared
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT / "client")],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return python


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_the_client_env_has_no_torch_and_ships_three_files(client_python):
    for heavy in ("torch", "fastapi", "numpy", "plotly", "gradplay.api", "gradplay.engine"):
        done = subprocess.run([str(client_python), "-c", f"import {heavy}"], env=_clean_env(),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, (heavy, done.stderr)
    files = subprocess.run([str(client_python), "-c", "import importlib.metadata as m; "
                            "print('\\n'.join(str(f) for f in m.files('gradplay-client') if f.suffix == '.py'))"],
                           env=_clean_env(), capture_output=True, text=True, timeout=60)
    assert sorted(files.stdout.split()) == ["gradplay/__init__.py", "gradplay/client.py", "gradplay/models.py"]


def test_a_scripted_run_without_torch_gets_the_seeds_numbers(client_python, server, tmp_path):
    script = tmp_path / "lesson.py"
    script.write_text(SCRIPT)
    done = subprocess.run([str(client_python), str(script), server], env=_clean_env(), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["status"] == "completed" and out["records"] == 51
    assert abs(out["final_x"] - -0.99991435) < 1e-6
    assert out["losses"][0] == 36.0 and out["losses"][1] == pytest.approx(23.04, rel=1e-6)
    assert out["losses"][2] == pytest.approx(14.7456, rel=1e-6)
    assert out["request"]["optimizer"] == "gd" and out["request"]["options"]["x0"] == 5.0
    assert out["streamed"] == pytest.approx([5.0, 3.8, 2.84, 2.072], rel=1e-6) and out["stream_status"] == "completed"
    # lr 1.5 on (x + 1)**2: x + 1 -> -2 (x + 1) each step, so the loss 36 -> 144 -> 576
    assert out["sweep"] == pytest.approx([14.7456, 576.0], rel=1e-6)
    assert out["refused"][0] == 422 and "lr" in out["refused"][1]
    assert "plotly" in out["figure"]  # plotly only for .figure(): without it, that alone fails, and says why


def test_importing_the_client_loads_neither_torch_nor_the_server():
    """The same promise in the main environment, where torch is installed but must not be loaded."""
    code = ("import sys; from gradplay.client import Client; import gradplay.models; "
            "heavy = {'torch', 'fastapi', 'numpy', 'plotly', 'starlette'}; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & heavy),"
            " sorted(m for m in sys.modules if m.startswith(('gradplay.api', 'gradplay.engine'))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "backend")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "[]"]
