"""Code and data: the code panel shows /api/code's script for the settings shown, copies it, and the page's
downloads (notebook, CSV, JSON) hold the run's own numbers; the notebook's cells, run by python, print them."""

import csv
import io
import json
import os
import subprocess
import sys

from tests.browser.classroom_pages import open_link
from tests.browser.pages import TIMEOUT_MS, wait_until

HASH = "lesson=not_gate&opt=momentum&lr=3&steps=6&variant=linear&broadcast_bug=true&h.momentum=0.5&code=1"
REQUEST = {"problem": "not_gate", "optimizer": "momentum", "lr": 3, "steps": 6, "hyper": {"momentum": 0.5},
           "options": {"variant": "linear", "init": "seed", "broadcast_bug": True}}


def api_run(w, body=REQUEST) -> dict:
    return w.page.request.post(w.base + "/api/runs", data=body).json()


def download(page, button: str):
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.click(button)
    d = info.value
    return d.suggested_filename, open(d.path(), encoding="utf-8").read()


def test_the_code_panel_shows_the_script_of_the_settings_shown(watched):
    page = watched.page
    open_link(watched, HASH, "#code-panel[data-ready='true']")
    script = page.request.post(watched.base + "/api/code", data=REQUEST).text()
    assert page.input_value("#code-text") == script
    page.click("#code-copy")
    page.wait_for_selector("#code-panel .code-status:has-text('Copied'), #code-panel .code-status:has-text('Selected')")
    page.keyboard.press("Escape")  # Esc closes the panel; C opens it again
    page.wait_for_selector("#code-panel", state="hidden")
    page.keyboard.press("c")
    page.wait_for_selector("#code-panel[data-ready='true']")
    page.fill("#lr-value", "0.5")
    page.press("#lr-value", "Enter")
    wait_until(lambda: "lr 0.5," in page.input_value("#code-text"), what="the script for lr 0.5")


def test_the_downloaded_notebook_runs_and_prints_the_runs_numbers(watched):
    page = watched.page
    open_link(watched, HASH, "#code-panel[data-ready='true']")
    name, text = download(page, "#download-notebook")
    assert name == "gradplay-not_gate-momentum-lr3.ipynb"
    nb = json.loads(text)
    assert nb["nbformat"] == 4
    code = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]
    shown = page.evaluate("window.gradplay.store.state.data.not_gate.records")
    keys = ("step", "loss", "params", "grads")
    assert [{k: r[k] for k in keys} for r in printed] == [{k: r[k] for k in keys} for r in shown]
    assert printed == [{k: r[k] for k in (*keys, "state")} for r in api_run(watched)["records"]]


def test_data_downloads_hold_the_records(watched):
    page = watched.page
    open_link(watched, HASH, "#lesson-not_gate[data-ready='run']")
    result = api_run(watched)
    name, text = download(page, "#download-json")
    assert name == "gradplay-not_gate-momentum-lr3.json"
    data = json.loads(text)
    assert data["records"] == result["records"] and data["summary"] == result["summary"]
    assert data["request"] == REQUEST
    name, text = download(page, "#download-csv")
    assert name == "gradplay-not_gate-momentum-lr3.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["step", "loss", "linear.weight[0][0]", "linear.bias[0]", "linear.weight[0][0].grad",
                             "linear.bias[0].grad"]
    for row, record in zip(rows, result["records"], strict=True):
        assert int(row["step"]) == record["step"] and float(row["loss"]) == record["loss"]
        assert float(row["linear.weight[0][0]"]) == record["params"]["linear.weight"][0][0]
        assert float(row["linear.bias[0].grad"]) == record["grads"]["linear.bias"][0]
    page.wait_for_selector("#code-panel .code-status:has-text('Saved 7 records as CSV')")
