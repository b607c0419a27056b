"""Mutants not run, each for a stated reason: they cannot tell the contract anything new.

- **A duplicate of a string concatenation's ``-``.** cosmic-ray replaces a ``+`` by each
  of the eleven other binary operators. When an operand of the ``+`` is a string literal
  (``ATTRIBUTES + "value"``, the error pointers), the other operand is a string too, and
  a string has no other binary operator with a string: every replacement raises the
  same ``TypeError`` at the same place, which the server answers with a 500, so the same
  transactions fail for each. ``Add_Sub`` is run for all of them; so is ``Add_Mod``
  unless the left operand is a literal without ``%`` (``"%s" % x`` formats), and the
  other nine are not.
- **Inside an annotation.** With ``from __future__ import annotations`` (checked per
  module), annotations are kept as strings that nothing evaluates: a mutant there
  (``str | None`` made ``str & None``) is equivalent by construction.

Each is found from the unmutated module's syntax tree and the position cosmic-ray gives
the mutated node; the report lists how many were left out for which reason.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from mutation.mutants import Mutant

DUPLICATE = "a string concatenation's: the same TypeError as its Add_Sub mutant (run)"
ANNOTATION = "in an annotation, which nothing evaluates (from __future__ import annotations)"
_RUN_FOR_CONCATENATION = ("ReplaceBinaryOperator_Add_Sub", "ReplaceBinaryOperator_Add_Mod")

Position = tuple[int, int]
Span = tuple[Position, Position]


def _is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _concatenations(tree: ast.Module) -> list[tuple[Span, bool]]:
    """Where the ``+`` of each string concatenation is, and whether ``%`` could format."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            if _is_string(node.left) or _is_string(node.right):
                between = (
                    (node.left.end_lineno or 0, node.left.end_col_offset or 0),
                    (node.right.lineno, node.right.col_offset),
                )
                plain = isinstance(node.left, ast.Constant) and "%" not in str(node.left.value)
                found.append((between, not plain))
    return found


def _annotations(tree: ast.Module) -> list[Span]:
    annotations: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
            annotations += [arg.annotation for arg in every if arg.annotation is not None]
            annotations += [node.returns] if node.returns is not None else []
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
    return [
        ((a.lineno, a.col_offset), (a.end_lineno or 0, a.end_col_offset or 0)) for a in annotations
    ]


def _postponed(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )


@dataclass(frozen=True)
class ModuleFacts:
    """What the rules need to know of one unmutated module."""

    lines: list[str]
    annotations: list[Span]  # only where annotations are never evaluated
    concatenations: list[tuple[Span, bool]]

    @classmethod
    def of(cls, source: str) -> ModuleFacts:
        tree = ast.parse(source)
        annotations = _annotations(tree) if _postponed(tree) else []
        return cls(source.splitlines(), annotations, _concatenations(tree))

    def position(self, mutant: Mutant) -> Position:
        """cosmic-ray's (line, character) as the syntax tree's (line, UTF-8 byte)."""
        text = self.lines[mutant.start_line - 1] if mutant.start_line <= len(self.lines) else ""
        return mutant.start_line, len(text[: mutant.start_column].encode("utf-8"))


def _inside(position: Position, span: Span) -> bool:
    return span[0] <= position <= span[1]


def reason_not_to_run(mutant: Mutant, module: ModuleFacts) -> str | None:
    """Why ``mutant`` is not run, if it is not."""
    operator, position = mutant.operator.removeprefix("core/"), module.position(mutant)
    if any(_inside(position, span) for span in module.annotations):
        return ANNOTATION
    if operator.startswith("ReplaceBinaryOperator_Add_"):
        for between, may_format in module.concatenations:
            if _inside(position, between):
                kept = _RUN_FOR_CONCATENATION if may_format else _RUN_FOR_CONCATENATION[:1]
                return None if operator in kept else DUPLICATE
    return None


def not_run(mutants: list[Mutant], tree: Path) -> dict[str, str]:
    """Job id -> reason, for the mutants not to run (their modules read in ``tree``)."""
    facts: dict[str, ModuleFacts] = {}
    reasons = {}
    for mutant in mutants:
        if mutant.module not in facts:
            facts[mutant.module] = ModuleFacts.of((tree / mutant.module).read_text("utf-8"))
        reason = reason_not_to_run(mutant, facts[mutant.module])
        if reason is not None:
            reasons[mutant.job_id] = reason
    return reasons
