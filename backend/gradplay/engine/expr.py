"""Safe parser for user functions f(x) and f(x, y): an `ast` allow-list compiled into torch calls.

Nothing a user types reaches eval, exec or sympy. The text is parsed with `ast`, every
node is checked against a short allow-list, and the tree is turned into nested Python
closures that apply the same operators the seed's notebook applies (`x**2 + 2*x + 1`
on a tensor), so a typed function gives bit-identical numbers to the notebook.
"""

import ast
import functools
import math
import operator
import threading
from typing import Callable

import torch

from gradplay.engine import limits, ops
from gradplay.engine.errors import InputError

# the parser's limits, from engine/limits.py under the names this module reads best with
MAX_LENGTH, MAX_DEPTH, MAX_NODES = limits.MAX_FUNCTION_CHARS, limits.MAX_FUNCTION_DEPTH, limits.MAX_FUNCTION_NODES
MAX_CONSTANT, MAX_EXPONENT = limits.MAX_FUNCTION_CONSTANT, limits.MAX_FUNCTION_EXPONENT

FUNCTIONS: dict[str, Callable] = {
    "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "exp": torch.exp,
    "log": torch.log, "sqrt": torch.sqrt, "abs": torch.abs, "tanh": torch.tanh,
    "sigmoid": ops.sigmoid, "relu": torch.relu,
}
BATCH_AWARE = {ops.sigmoid}  # these take (tensor, batched): see ops.py
CONSTANTS = {"pi": math.pi, "e": math.e}
BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.Pow: operator.pow}
UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
ONE_D, TWO_D = ("x",), ("x", "y")  # the variables a lesson may ask for: parabola's x, surface's x and y

# ast.parse is not thread-safe on Python 3.11 (CPython #106905): parse under a lock.
_PARSE_LOCK = threading.Lock()

# (v, batched) -> tensor, or a float for a part that depends on no variable;
# v is the tensor x for f(x), the tuple (x, y) for f(x, y)
Fn = Callable[[object, bool], "torch.Tensor | float"]


class ExpressionError(InputError):
    """The function text is not allowed; the message says what to change."""


def allowed(variables: tuple[str, ...] = ONE_D) -> str:
    """What a function may use, for messages and the page's help."""
    return ", ".join(variables) + ", pi, e, numbers, + - * / **, parentheses and " + ", ".join(FUNCTIONS)


ALLOWED = allowed()


def compile_function(text: str, variables: tuple[str, ...] = ONE_D) -> Callable[..., torch.Tensor]:
    """Return f such that f(x, batched=False) (or f(x, y, batched=False) for variables ("x", "y"))
    applies the user's function to the tensors given.

    batched=True: each variable holds one value per row of a sweep (see ops.py)."""
    if variables not in (ONE_D, TWO_D):
        raise ValueError(f"variables must be {ONE_D} or {TWO_D}")  # a caller's mistake, not a user's
    if not isinstance(text, str):
        example = "x**2 + 2*x + 1" if variables == ONE_D else "x**2 + 5*y**2"
        raise ExpressionError(f"the function must be a string such as {example!r}")
    return _compile_cached(text.strip(), variables)


@functools.lru_cache(maxsize=1024)
def _compile_cached(text: str, variables: tuple[str, ...]) -> Callable[..., torch.Tensor]:
    _check_text(text, variables)
    with _PARSE_LOCK:
        try:
            tree = ast.parse(text, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise ExpressionError(f"cannot read {text!r} as a formula; allowed: {allowed(variables)}") from None
    body = _build(tree.body, 1, _Context(variables))
    missing = [v for v in variables if not _uses(tree.body, (v,))]
    if missing:
        raise ExpressionError(_missing_message(missing, variables))
    if variables == ONE_D:
        def f(x: torch.Tensor, batched: bool = False) -> torch.Tensor:
            out = body(x, batched)
            return out if isinstance(out, torch.Tensor) else torch.full_like(x, out)
        return f

    def f2(x: torch.Tensor, y: torch.Tensor, batched: bool = False) -> torch.Tensor:
        out = body((x, y), batched)
        return out if isinstance(out, torch.Tensor) else torch.full_like(x, out)
    return f2


def _missing_message(missing: list[str], variables: tuple[str, ...]) -> str:
    if variables == ONE_D:
        return "the function must use x, for example 'x**2 + 2*x + 1'"
    # every variable must reach the loss, or torch leaves its gradient unset (None), not 0
    keep = " + ".join(f"0*{v}" for v in missing)
    return (f"the function must use both x and y, for example 'x**2 + 5*y**2'; "
            f"add {keep} to keep {' and '.join(missing)} still")


def _check_text(text: str, variables: tuple[str, ...]) -> None:
    if not text:
        example = "x**2 + 2*x + 1" if variables == ONE_D else "x**2 + 5*y**2"
        raise ExpressionError(f"the function is empty; type one such as {example!r}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the function has {len(text)} characters; at most {MAX_LENGTH} are allowed")
    if not text.isascii() or not text.isprintable():
        raise ExpressionError("the function may use only plain ASCII letters, digits and operators")


def _uses(node: ast.AST, names: tuple[str, ...]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


class _Context:
    """What one parse carries down the tree: the variables allowed and the parts counted so far."""

    def __init__(self, variables: tuple[str, ...]):
        self.variables = variables
        self.count = 0


def _build(node: ast.AST, depth: int, ctx: _Context) -> Fn:
    ctx.count += 1
    if depth > MAX_DEPTH:
        raise ExpressionError(f"the function is nested too deeply (more than {MAX_DEPTH} levels)")
    if ctx.count > MAX_NODES:
        raise ExpressionError(f"the function is too long (more than {MAX_NODES} parts)")
    if isinstance(node, ast.Constant):
        return _constant(node.value, ctx.variables)
    if isinstance(node, ast.Name):
        return _name(node.id, ctx.variables)
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        return _binary(node, depth, ctx)
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        inner, op = _build(node.operand, depth + 1, ctx), UNARY[type(node.op)]
        return _fold(lambda x, b: op(inner(x, b)), inner)
    if isinstance(node, ast.Call):
        return _call(node, depth, ctx)
    raise ExpressionError(f"{_describe(node)} is not allowed; allowed: {allowed(ctx.variables)}")


def _constant(value: object, variables: tuple[str, ...]) -> Fn:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExpressionError(f"{value!r} is not a number; allowed: {allowed(variables)}")
    if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
        raise ExpressionError(f"numbers must lie within ±{MAX_CONSTANT:g}")
    return _Const(value)


def _x(x: torch.Tensor, batched: bool) -> torch.Tensor:
    return x


def _x_of_two(v: tuple, batched: bool) -> torch.Tensor:
    return v[0]


def _y_of_two(v: tuple, batched: bool) -> torch.Tensor:
    return v[1]


def _name(name: str, variables: tuple[str, ...]) -> Fn:
    if name in variables:
        # f(x) reads x itself (the seed's path, unchanged); f(x, y) reads its pair
        return _x if variables == ONE_D else (_x_of_two if name == "x" else _y_of_two)
    if name in CONSTANTS:
        return _Const(CONSTANTS[name])
    if name in FUNCTIONS:
        raise ExpressionError(f"{name} is a function: write {name}(x)")
    raise ExpressionError(f"unknown name {name!r}; allowed: {allowed(variables)}")


def _binary(node: ast.BinOp, depth: int, ctx: _Context) -> Fn:
    left = _build(node.left, depth + 1, ctx)
    right = _build(node.right, depth + 1, ctx)
    op = BINARY[type(node.op)]
    if op is operator.pow and isinstance(right, _Const) and abs(right.value) > MAX_EXPONENT:
        raise ExpressionError(f"exponents must lie within ±{MAX_EXPONENT}")
    if isinstance(left, _Const) and isinstance(right, _Const):
        return _Const(_fold_constants(op, left.value, right.value))
    return _specialise(op, left, right)


def _specialise(op: Callable, left: Fn, right: Fn) -> Fn:
    """op(left, right) with numbers and x read directly: the same torch ops, fewer Python calls per step."""
    if isinstance(right, _Const):
        c = right.value
        return (lambda x, b: op(x, c)) if left is _x else (lambda x, b: op(left(x, b), c))
    if isinstance(left, _Const):
        c = left.value
        return (lambda x, b: op(c, x)) if right is _x else (lambda x, b: op(c, right(x, b)))
    return lambda x, b: op(left(x, b), right(x, b))


def _fold_constants(op: Callable, a: float, b: float) -> float:
    """Combine two numbers in plain floats; overflow or complex results are refused."""
    try:
        value = math.pow(a, b) if op is operator.pow else op(float(a), float(b))
    except ZeroDivisionError:
        raise ExpressionError("the function divides a number by zero") from None
    except (OverflowError, ValueError):
        raise ExpressionError("a number in the function is too large or not real") from None
    if not math.isfinite(value) or abs(value) > 1e30:
        raise ExpressionError("a number in the function is too large")
    return value


def _call(node: ast.Call, depth: int, ctx: _Context) -> Fn:
    name = node.func.id if isinstance(node.func, ast.Name) else None
    if name not in FUNCTIONS:
        what = f"the function {name!r}" if name else "calling this"
        raise ExpressionError(f"{what} is not allowed; functions: {', '.join(FUNCTIONS)}")
    if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
        raise ExpressionError(f"{name} takes exactly one argument, as in {name}(x)")
    inner, fn = _build(node.args[0], depth + 1, ctx), FUNCTIONS[name]
    if fn in BATCH_AWARE:
        call = lambda x, b: fn(inner(x, b), b)
    else:
        call = lambda x, b: fn(inner(x, b))
    if isinstance(inner, _Const):  # fold fn(number) once, in float64 (the inner _Const ignores x)
        value = torch.tensor(inner.value, dtype=torch.float64)
        folded = float(fn(value, False) if fn in BATCH_AWARE else fn(value))
        if not math.isfinite(folded) or abs(folded) > 1e30:
            raise ExpressionError(f"{name}({inner.value:g}) is not a finite number of sensible size")
        return _Const(folded)
    return call


def _fold(fn: Fn, inner: Fn) -> Fn:
    return _Const(fn(None, False)) if isinstance(inner, _Const) else fn


class _Const:
    """A number known before any x is seen, so two of them fold into one."""

    def __init__(self, value: float):
        self.value = value

    def __call__(self, x: object, batched: bool = False) -> float:
        return self.value


def _describe(node: ast.AST) -> str:
    names = {ast.Attribute: "attribute access (a.b)", ast.Subscript: "indexing (a[b])",
             ast.Lambda: "lambda", ast.Compare: "comparison", ast.BoolOp: "and/or",
             ast.IfExp: "if/else", ast.ListComp: "a comprehension", ast.GeneratorExp: "a comprehension",
             ast.SetComp: "a comprehension", ast.DictComp: "a comprehension", ast.List: "a list",
             ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set", ast.JoinedStr: "a string",
             ast.NamedExpr: "assignment (:=)", ast.Await: "await", ast.Starred: "*unpacking"}
    if isinstance(node, ast.BinOp):
        return f"the operator {type(node.op).__name__}"
    if isinstance(node, ast.UnaryOp):
        return f"the operator {type(node.op).__name__}"
    return names.get(type(node), type(node).__name__)


def to_source(text: str, variables: tuple[str, ...] = ONE_D) -> str:
    """The checked function as Python source over torch, for exported scripts."""
    compile_function(text, variables)  # validates: only allow-listed nodes reach the unparser
    with _PARSE_LOCK:
        tree = ast.parse(text.strip(), mode="eval")
    return ast.unparse(_Qualify(variables).visit(tree))


class _Qualify(ast.NodeTransformer):
    """sin -> torch.sin, pi -> math.pi: names a plain script can resolve."""

    def __init__(self, variables: tuple[str, ...]):
        self.variables = variables

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in FUNCTIONS:
            return ast.Attribute(ast.Name("torch", ast.Load()), node.id, ast.Load())
        if node.id in CONSTANTS:
            return ast.Attribute(ast.Name("math", ast.Load()), node.id, ast.Load())
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if not _uses(node, self.variables):  # torch.sin(1) refuses a number: write the float the parser folds it to
            return _number(_build(node, 1, _Context(self.variables)).value)
        return self.generic_visit(node)


def _number(value: float) -> ast.AST:
    """A float as source that reads back to the same float (repr), sign and inf/nan spelled out."""
    size = abs(value)
    magnitude = ast.Constant(size) if math.isfinite(size) else ast.Call(ast.Name("float", ast.Load()),
                                                                        [ast.Constant(str(size))], [])
    return ast.UnaryOp(ast.USub(), magnitude) if math.copysign(1.0, value) < 0 else magnitude
