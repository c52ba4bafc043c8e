"""The safe function parser: the seed's function to the bit, every allowed piece against torch,
a corpus of hostile or malformed strings all refused with a message saying what is allowed,
and proof that nothing in them ran."""

import ast
import builtins
import contextlib
import math
import os
import subprocess
import threading

import pytest
import torch

from gradplay.engine.expr import ExpressionError, compile_function, to_source

SENTINEL = "gradplay_expr_sentinel"
PARSER_IMPORTS = {"collections"}  # ast.walk imports deque inside the function: the only import the parser makes
GRID = torch.linspace(-4, 4, 161)
POSITIVE = torch.linspace(0.05, 6, 120)
ALLOWED = "allowed: x, pi, e, numbers, + - * / **"
FUNCTIONS = "sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, relu"
TORCH_FUNCTIONS = {"sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "exp": torch.exp, "log": torch.log,
                   "sqrt": torch.sqrt, "abs": torch.abs, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
                   "relu": torch.relu}

_GROUP = "(" + "+".join(["x"] * 10) + ")"

# (text, a fragment the message must hold)
CORPUS = [
    ("x.__class__", "attribute access"),
    ("().__class__.__bases__", "attribute access"),
    ("().__class__.__bases__[0].__subclasses__()", "not allowed"),
    ("x.real", "attribute access"),
    ("__import__('os')", "'__import__' is not allowed"),
    (f"__import__('os').system('touch {SENTINEL}')", "not allowed"),
    ("__builtins__", "unknown name '__builtins__'"),
    ("open('x')", "'open' is not allowed; functions: " + FUNCTIONS),
    (f"open('{SENTINEL}', 'w')", "'open' is not allowed"),
    ("eval('1')", "'eval' is not allowed"),
    (f"exec(\"open('{SENTINEL}', 'w')\")", "'exec' is not allowed"),
    ("getattr(x, 'a')", "'getattr' is not allowed"),
    ("lambda: 1", "lambda is not allowed; " + ALLOWED),
    ("(lambda: x)()", "calling this is not allowed"),
    ("[x for x in ()]", "comprehension"),
    ("(x for x in ())", "comprehension"),
    ("{x: 1 for x in ()}", "comprehension"),
    ("'abc'", "is not a number"),
    ("f'{x}'", "a string is not allowed"),
    ("b'x'", "is not a number"),
    ("x if x else 1", "if/else is not allowed"),
    ("x < 1", "comparison is not allowed"),
    ("x and 1", "and/or is not allowed"),
    ("x[0]", "indexing (a[b]) is not allowed"),
    ("(y := x)", "assignment (:=) is not allowed"),
    ("sin(*x)", "sin takes exactly one argument"),
    ("sin(x=1)", "sin takes exactly one argument"),
    ("sin(x, x)", "sin takes exactly one argument"),
    ("sin()", "sin takes exactly one argument"),
    ("sin(x)(x)", "calling this is not allowed"),
    ("x()", "'x' is not allowed"),
    ("9**9**9", "exponents must lie within ±100"),
    ("x**1000", "exponents must lie within ±100"),
    ("x ** 1e3", "exponents must lie within ±100"),
    ("10**400", "exponents must lie within ±100"),
    ("x**-101", "exponents must lie within ±100"),
    ("10**30*10**30 + x", "too large"),
    ("1/0 + x", "divides a number by zero"),
    ("x**(1/0)", "divides a number by zero"),
    ("(" * 1000 + "x" + ")" * 1000, "at most 200 are allowed"),
    ("-" * 10000 + "x", "at most 200 are allowed"),
    ("-" * 150 + "x", "nested too deeply"),
    ("sin(" * 24 + "x" + ")" * 24, "nested too deeply (more than 24 levels)"),
    ("x+" * 60 + "x", "nested too deeply"),
    ("*".join([_GROUP] * 9), "too long (more than 120 parts)"),
    ("x+" * 5000 + "x", "at most 200 are allowed"),
    ("x" * 10_240, "at most 200 are allowed"),
    ("𝐱", "plain ASCII"),
    ("x + ÿ", "plain ASCII"),
    ("", "empty"),
    ("   ", "empty"),
    ("\n\t", "empty"),
    ("x\nimport os", "plain ASCII"),
    ("x; import os", "cannot read"),
    ("import os", "cannot read"),
    ("x = 1", "cannot read"),
    ("yield x", "cannot read"),
    ("await x", "await is not allowed"),
    ("x\x00", "plain ASCII"),
    ("1e999", "numbers must lie within ±1e+06"),
    ("x * 1000001", "numbers must lie within ±1e+06"),
    ("x + 1j", "is not a number"),
    ("True + x", "is not a number"),
    ("None", "is not a number"),
    ("...", "is not a number"),
    ("x @ x", "the operator MatMult is not allowed"),
    ("x // 2", "the operator FloorDiv is not allowed"),
    ("x % 2", "the operator Mod is not allowed"),
    ("x << 2", "the operator LShift is not allowed"),
    ("x ^ 2", "the operator BitXor is not allowed"),
    ("~x", "the operator Invert is not allowed"),
    ("not x", "the operator Not is not allowed"),
    ("[x]", "a list is not allowed"),
    ("(x, x)", "a tuple is not allowed"),
    ("{x}", "a set is not allowed"),
    ("{'a': x}", "a dict is not allowed"),
    ("42", "must use x"),
    ("pi * e", "must use x"),
    ("sin", "sin is a function: write sin(x)"),
    ("y + 1", "unknown name 'y'; " + ALLOWED),
    ("X**2", "unknown name 'X'"),
]


def _boom(*args, **kwargs):
    raise AssertionError(f"the parser called a forbidden builtin with {args!r:.80}")


@contextlib.contextmanager
def _nothing_may_run():
    """Forbid every way a string could run while the parser works; `compile` may only build a
    syntax tree (ast.parse uses it so). Yields the flags of each compile call, to show the guard
    was in force. Patched only inside the block, so pytest's own machinery is untouched."""
    compiled: list[int] = []
    real_compile = builtins.compile

    def ast_only_compile(source, filename, mode, flags=0, *args, **kwargs):
        compiled.append(flags)
        if not flags & ast.PyCF_ONLY_AST:
            raise AssertionError("the parser compiled code, not just a syntax tree")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    real_import = builtins.__import__

    def stdlib_only_import(name, *args, **kwargs):
        if name not in PARSER_IMPORTS:
            _boom(name)
        return real_import(name, *args, **kwargs)

    forbidden = [(builtins, name) for name in ("open", "eval", "exec", "breakpoint", "input")]
    forbidden += [(os, "system"), (subprocess, "Popen")]
    saved = [(owner, name, getattr(owner, name)) for owner, name in forbidden]
    saved += [(builtins, "compile", real_compile), (builtins, "__import__", real_import)]
    try:
        for owner, name in forbidden:
            setattr(owner, name, _boom)
        builtins.compile = ast_only_compile
        builtins.__import__ = stdlib_only_import
        yield compiled
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def _source_function(text: str):
    """What an exported script does with to_source: `def f(x): return <source>` over torch and math."""
    namespace = {"torch": torch, "math": math}
    exec(f"def f(x):\n    return {to_source(text)}\n", namespace)  # generated from the checked tree
    return namespace["f"]


# ---- the seed's function ------------------------------------------------------------------

def test_seed_function_is_bit_identical_to_the_notebook():
    x = torch.linspace(-10, 10, 1001)
    assert torch.equal(compile_function("x**2 + 2*x + 1")(x), x**2 + 2 * x + 1)


def test_seed_function_gradient_at_5_is_12():
    x = torch.tensor(5, requires_grad=True, dtype=torch.float32)
    compile_function("x**2 + 2*x + 1")(x).backward()
    assert x.grad.item() == 12.0


# ---- allowed pieces against torch ----------------------------------------------------------

@pytest.mark.parametrize("name", list(TORCH_FUNCTIONS))
def test_function_equals_torch(name):
    x = POSITIVE if name in ("log", "sqrt") else GRID
    assert torch.equal(compile_function(f"{name}(x)")(x), TORCH_FUNCTIONS[name](x))


@pytest.mark.parametrize("name", list(TORCH_FUNCTIONS))
def test_function_gradient_equals_autograd(name):
    x = (POSITIVE if name in ("log", "sqrt") else GRID).clone().requires_grad_(True)
    compile_function(f"{name}(x) * x")(x).sum().backward()
    reference = x.detach().clone().requires_grad_(True)
    (TORCH_FUNCTIONS[name](reference) * reference).sum().backward()
    assert torch.equal(x.grad, reference.grad)


def test_operators_equal_python_on_tensors():
    x = GRID
    got = compile_function("-x + x/3 - 2*x**3 + (+x) * (x - 1.5) / 4")(x)
    assert torch.equal(got, -x + x / 3 - 2 * x**3 + (+x) * (x - 1.5) / 4)


def test_constants_pi_and_e():
    assert torch.equal(compile_function("pi*x + e")(GRID), math.pi * GRID + math.e)


def test_nested_functions_equal_torch():
    x = GRID
    got = compile_function("sigmoid(tanh(x) * 3) + exp(-x**2 / 2) - abs(sin(x) * cos(x)) + relu(x - 1)")(x)
    expected = (torch.sigmoid(torch.tanh(x) * 3) + torch.exp(-x**2 / 2) - torch.abs(torch.sin(x) * torch.cos(x))
                + torch.relu(x - 1))
    assert torch.equal(got, expected)


def test_constant_subexpressions_are_folded_in_double():
    assert torch.equal(compile_function("x + sin(pi)")(GRID), GRID + math.sin(math.pi))
    assert torch.equal(compile_function("x * 2**0.5")(GRID), GRID * 2**0.5)
    assert torch.equal(compile_function("x * sqrt(2)")(GRID), GRID * math.sqrt(2))


def test_function_without_x_dependence_in_a_term_keeps_the_shape():
    assert torch.equal(compile_function("x*0 + 1")(GRID), torch.ones_like(GRID))


def test_batched_sigmoid_rows_equal_single():
    x = torch.linspace(-6, 6, 400)
    f = compile_function("sigmoid(x) * x")
    assert torch.equal(f(x, batched=True), torch.stack([f(v) for v in x]))


def test_limits_are_inclusive():
    for text in ("x**100", "x**-100", "x * 1000000", "sin(" * 23 + "x" + ")" * 23, "x+" + "0" * 198):
        compile_function(text)
    assert len("x+" + "0" * 198) == 200


def test_surrounding_whitespace_is_ignored_and_parses_are_cached():
    assert compile_function("  x**2 + 1 \n") is compile_function("x**2 + 1")


def test_parsing_is_safe_under_threads():
    errors = []

    def work(offset: int) -> None:
        try:
            for i in range(40):
                compile_function(f"x**2 + {offset * 1000 + i}*x + sin(x) * {i}")
        except Exception as exc:  # noqa: BLE001 - any error here is the failure being tested
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ---- refused ------------------------------------------------------------------------------

def test_corpus_is_large_enough():
    assert len(CORPUS) >= 30
    assert len({text for text, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("text, fragment", CORPUS, ids=[f"{i:02d}-{t[:24]!r}" for i, (t, _) in enumerate(CORPUS)])
def test_corpus_is_refused_with_a_helpful_message(text, fragment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a payload's sentinel file would land
    with _nothing_may_run(), pytest.raises(ExpressionError) as info:
        compile_function(text)
    assert fragment in str(info.value)
    assert len(str(info.value)) < 300
    assert list(tmp_path.iterdir()) == []


def test_corpus_refused_and_nothing_ran(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused = 0
    with _nothing_may_run() as compiled:
        for text, _ in CORPUS:
            try:
                compile_function(text)
            except ExpressionError:
                refused += 1
    assert refused == len(CORPUS)
    assert compiled and all(flags & ast.PyCF_ONLY_AST for flags in compiled)  # the guard saw ast.parse
    assert not (tmp_path / SENTINEL).exists() and list(tmp_path.iterdir()) == []


def test_guard_catches_a_real_execution(tmp_path, monkeypatch):
    """The guard is not vacuous: running a payload under it fails loudly."""
    monkeypatch.chdir(tmp_path)
    with _nothing_may_run(), pytest.raises(AssertionError, match="forbidden builtin"):
        __import__("os")
    with _nothing_may_run(), pytest.raises(AssertionError, match="forbidden builtin"):
        open(SENTINEL, "w")
    with _nothing_may_run(), pytest.raises(AssertionError, match="compiled code"):
        compile("1", "<test>", "eval")


def test_non_string_is_refused():
    for value in (None, 5, b"x", ["x"]):
        with pytest.raises(ExpressionError, match="must be a string"):
            compile_function(value)


def test_expression_error_is_an_input_error():
    from gradplay.engine import InputError

    assert issubclass(ExpressionError, InputError)


# ---- to_source ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["x**2 + 2*x + 1", "sin(x)*x + sigmoid(x)", "-x**3 / 3 + pi*x - e",
                                  "sqrt(abs(x) + 1) * log(x**2 + 1)", "relu(x - 1) + tanh(x) ** 2",
                                  "exp(-x) * cos(2*x)", "x + sin(pi)", "x**2 + sin(1)", "x * sqrt(2) - abs(-3)",
                                  "sin(-1)**2 + x", "x ** sin(-1)", "sin(x + cos(1))"])
def test_to_source_round_trip(text):
    """The exported source computes exactly what the parser computes (a function of a number included)."""
    torch.testing.assert_close(_source_function(text)(GRID), compile_function(text)(GRID), rtol=0, atol=0,
                               equal_nan=True)


def test_to_source_qualifies_names():
    assert to_source("sin(x) + pi") == "torch.sin(x) + math.pi"
    assert to_source("x * sin(1)") == f"x * {math.sin(1)!r}"
    assert to_source(" x**2 + 2*x + 1 ") == "x ** 2 + 2 * x + 1"


@pytest.mark.parametrize("text", ["exp(1000) + x", "log(0) * x", "sqrt(-1) + x"])
def test_function_of_a_number_must_be_finite(text):
    with pytest.raises(ExpressionError, match="not a finite number"):
        compile_function(text)


def test_to_source_refuses_what_the_parser_refuses():
    with pytest.raises(ExpressionError):
        to_source("__import__('os')")


# ---- functions of (x, y): the surface lesson ----------------------------------------------

XY = ("x", "y")
GX, GY = torch.meshgrid(torch.linspace(-3, 3, 41), torch.linspace(-2, 4, 41), indexing="xy")
GX, GY = GX.reshape(-1), GY.reshape(-1)
SURFACES = {  # text -> the same formula written in torch by hand
    "(1 - x)**2 + 100*(y - x**2)**2": lambda x, y: (1 - x)**2 + 100 * (y - x**2)**2,
    "0.5*x**2 + 5*y**2": lambda x, y: 0.5 * x**2 + 5 * y**2,
    "(x**2 + y - 11)**2 + (x + y**2 - 7)**2": lambda x, y: (x**2 + y - 11)**2 + (x + y**2 - 7)**2,
    "x**2 - y**2": lambda x, y: x**2 - y**2,
    "sin(x) * cos(y) + sigmoid(x*y) - pi*y":
        lambda x, y: torch.sin(x) * torch.cos(y) + torch.sigmoid(x * y) - math.pi * y,
}


def _source_function_xy(text: str):
    namespace = {"torch": torch, "math": math}
    exec(f"def f(x, y):\n    return {to_source(text, XY)}\n", namespace)  # generated from the checked tree
    return namespace["f"]


@pytest.mark.parametrize("text", list(SURFACES))
def test_function_of_x_and_y_equals_torch(text):
    assert torch.equal(compile_function(text, XY)(GX, GY), SURFACES[text](GX, GY))


@pytest.mark.parametrize("text", list(SURFACES))
def test_function_of_x_and_y_gradients_equal_autograd(text):
    x, y = torch.tensor(-1.5, requires_grad=True), torch.tensor(2.0, requires_grad=True)
    compile_function(text, XY)(x, y).backward()
    rx, ry = torch.tensor(-1.5, requires_grad=True), torch.tensor(2.0, requires_grad=True)
    SURFACES[text](rx, ry).backward()
    assert (x.grad.item(), y.grad.item()) == (rx.grad.item(), ry.grad.item())


def test_function_of_x_and_y_batched_rows_equal_single():
    f = compile_function("sigmoid(x - y) * x + y**2", XY)
    rows = f(GX, GY, batched=True)
    assert rows.shape == GX.shape
    assert torch.equal(rows, torch.stack([f(a, b) for a, b in zip(GX, GY)]))


def test_function_of_x_and_y_with_a_constant_part_keeps_the_shape():
    assert torch.equal(compile_function("x*0 + y*0 + 1", XY)(GX, GY), torch.ones_like(GX))


def test_function_of_x_and_y_is_cached_apart_from_the_function_of_x():
    assert compile_function(" x**2 + y ", XY) is compile_function("x**2 + y", XY)
    assert compile_function("x**2", ("x",)) is compile_function("x**2")


@pytest.mark.parametrize("text, fragment", [
    ("x + z", "unknown name 'z'; allowed: x, y, pi, e, numbers, + - * / **"),
    ("__import__('os')", "'__import__' is not allowed; functions: " + FUNCTIONS),
    ("x + y.real", "attribute access"),
    ("x" + "+y" * 100, "201 characters; at most 200 are allowed"),
    ("x**2", "must use both x and y, for example 'x**2 + 5*y**2'; add 0*y to keep y still"),
    ("y**2", "add 0*x to keep x still"),
    ("pi", "add 0*x + 0*y to keep x and y still"),
    ("", "empty; type one such as 'x**2 + 5*y**2'"),
    ("'x' + y", "is not a number; allowed: x, y, pi"),
    ("x, y", "a tuple is not allowed; allowed: x, y, pi"),
])
def test_function_of_x_and_y_refusals_name_what_is_allowed(text, fragment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with _nothing_may_run(), pytest.raises(ExpressionError) as info:
        compile_function(text, XY)
    assert fragment in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_y_stays_refused_for_a_function_of_x():
    with pytest.raises(ExpressionError, match=r"unknown name 'y'; allowed: x, pi, e, numbers"):
        compile_function("x**2 + y")
    with pytest.raises(ExpressionError, match=r"unknown name 'y'"):
        to_source("x + y")


def test_unknown_variable_sets_are_a_programming_error():
    with pytest.raises(ValueError, match="variables must be"):
        compile_function("x + z", ("x", "z"))


@pytest.mark.parametrize("text", [*SURFACES, "x * sin(1) + y * sqrt(2)", "x**2 + sin(-1)*y"])
def test_to_source_of_x_and_y_round_trip(text):
    torch.testing.assert_close(_source_function_xy(text)(GX, GY), compile_function(text, XY)(GX, GY),
                               rtol=0, atol=0, equal_nan=True)


def test_to_source_of_x_and_y_qualifies_names():
    assert to_source("(1 - x)**2 + 100*(y - x**2)**2", XY) == "(1 - x) ** 2 + 100 * (y - x ** 2) ** 2"
    assert to_source("sin(y) + pi*x", XY) == "torch.sin(y) + math.pi * x"
