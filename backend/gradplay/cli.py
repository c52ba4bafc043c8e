"""The `gradplay` command: run a lesson, export its PyTorch script, or serve the page.

    gradplay run parabola --lr 0.1 --steps 10        the seed's ten lines
    gradplay run network --format json               a RunResult, as the API returns it
    gradplay code not_gate --set variant=linear      a standalone PyTorch script
    gradplay serve --host 0.0.0.0                    the classroom page
"""

import argparse
import csv
import json
import sys

import numpy as np

from gradplay import __version__, serve
from gradplay.engine import InputError, RunSpec, run_all
from gradplay.engine.codegen import script
from gradplay.engine.limits import MAX_LR, MAX_STEPS
from gradplay.engine.optimizers import OPTIMIZERS, get_optimizer
from gradplay.engine.problems import PROBLEMS, get_problem


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments: exit status 2 and one clear line, not a usage dump."""

    def error(self, message: str) -> None:
        self.exit(2, f"gradplay: error: {message} (see gradplay {self.prog.split()[-1]} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except InputError as exc:
        print(f"gradplay: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `gradplay run … | head` is fine
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="gradplay", description="A gradient-descent playground backed by real PyTorch.")
    parser.add_argument("--version", action="version", version=f"gradplay {__version__}")
    sub = parser.add_subparsers(parser_class=OneLineParser, metavar="{run,code,serve}")
    run = sub.add_parser("run", help="run a lesson and print its records")
    _add_run_arguments(run)
    run.add_argument("--format", choices=("table", "json", "csv"), default="table",
                     help="table: the seed's layout (param after the update, loss before it, gradient)")
    run.set_defaults(handler=cmd_run)
    code = sub.add_parser("code", help="print a standalone PyTorch script that reproduces the run")
    _add_run_arguments(code)
    code.set_defaults(handler=cmd_code)
    serve.add_parser(sub)
    return parser


def _add_run_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("problem", choices=list(PROBLEMS), help="the lesson")
    p.add_argument("--optimizer", help=", ".join(OPTIMIZERS))
    p.add_argument("--lr", type=float, help=f"learning rate in (0, {MAX_LR:g}]")
    p.add_argument("--steps", type=int, help=f"number of updates, at most {MAX_STEPS}")
    p.add_argument("--seed", type=int, default=0, help="seed for random init")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="an option or hyperparameter, value as JSON (x0=3, variant=linear, momentum=0.5)")


def make_spec(args: argparse.Namespace) -> RunSpec:
    problem = get_problem(args.problem)
    optimizer = get_optimizer(args.optimizer or problem.defaults["optimizer"])
    options, hyper = {}, {}
    for item in args.set:
        key, sep, raw = item.partition("=")
        if not sep:
            raise InputError(f"--set takes KEY=VALUE; got {item!r}")
        if key in problem.options:
            options[key] = _value(raw)
        elif key in optimizer.hyper:
            hyper[key] = _value(raw)
        else:
            known = ", ".join([*problem.options, *optimizer.hyper])
            raise InputError(f"--set {key}: not an option of {problem.id} nor a hyperparameter of "
                             f"{optimizer.id}; allowed: {known}")
    return RunSpec.make(problem.id, optimizer.id, args.lr, args.steps, args.seed, hyper, options)


def _value(raw: str) -> object:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def cmd_run(args: argparse.Namespace) -> int:
    result = run_all(make_spec(args))
    if args.format == "json":
        print(json.dumps(result, indent=1))
    elif args.format == "csv":
        _write_csv(result["records"])
    else:
        _write_table(result)
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    print(script(make_spec(args)), end="")
    return 0


def _write_table(result: dict) -> None:
    """One line per update: parameters after it, the loss before it, the gradient."""
    records = result["records"]
    names = list(records[0]["params"])
    print(f"# {' '.join(names)} (after the update)  loss (before it)  {' '.join('d/d' + n for n in names)}")
    for before, after in zip(records, records[1:]):
        row = _flat(after["params"]) + [before["loss"]] + _flat(before["grads"])
        print(" ".join(_f32(v) for v in row))
    summary = result["summary"]
    print(f"# {summary['status']} after {summary['steps_run']} steps, final loss {_f32(summary['final_loss'])}")
    for d in summary["diagnostics"]:
        print(f"# step {d['step']}: {d['message']}")


def _write_csv(records: list[dict]) -> None:
    columns = [f"{n}{i}" for n, i in _columns(records[0]["params"])]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["step", "loss", *columns, *[f"grad_{c}" for c in columns]])
    for r in records:
        writer.writerow([r["step"], _csv(r["loss"]), *map(_csv, _flat(r["params"])), *map(_csv, _flat(r["grads"]))])


def _columns(params: dict) -> list[tuple[str, str]]:
    out = []
    for name, value in params.items():
        shape = np.shape(value)
        out += [(name, "" if not shape else str(list(idx)).replace(" ", "")) for idx in np.ndindex(*shape)]
    return out


def _flat(values: dict) -> list:
    return [v for value in values.values() for v in (np.ravel(np.array(value, dtype=object)).tolist())]


def _f32(v: float | None) -> str:
    """As numpy prints a float32 (the seed's `.numpy()` output): 23.039999, not 23.03999900817871."""
    return "nan" if v is None else str(np.float32(v))


def _csv(v: float | None) -> str:
    return "" if v is None else repr(v)


if __name__ == "__main__":
    sys.exit(main())
