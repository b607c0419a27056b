"""The transactions of the contract as Dredd itself compiles them."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness._dredd import ensure_dredd
from harness._files import write_atomically
from harness.errors import ToolchainError

COMPILER = Path(__file__).with_name("compile_transactions.js")


@dataclass(frozen=True)
class Transaction:
    name: str
    group: str
    resource: str
    action: str
    method: str
    uri: str
    status: int
    schema: str = ""  # the expected body's JSON Schema, as JSON text ("" without a body)


@dataclass(frozen=True)
class Annotation:
    """An error or warning of drafter (``line``: of the assembled contract) or of Dredd's
    compiler (``transaction``: the one it is about; it gives no line)."""

    type: str  # "error" or "warning"
    message: str
    line: int | None = None
    transaction: str | None = None


@dataclass(frozen=True)
class Compilation:
    transactions: list[Transaction]
    warnings: list[str]
    errors: list[str]
    annotations: list[Annotation] = field(default_factory=list)


def compile_contract(contract: Path) -> Compilation:
    """Run Dredd's compiler (dredd-transactions) over ``contract``.

    Compiling takes seconds (drafter.js parses the MSON), so the result is cached next to
    the contract, keyed by its content.
    """
    text = contract.read_bytes()
    digest = hashlib.sha256(text + COMPILER.read_bytes()).hexdigest()
    cache = contract.with_name(".transactions.json")
    if cache.exists():
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("sha256") == digest:
            return _compilation(cached["compiled"])
    data = _run_compiler(contract)
    write_atomically(cache, json.dumps({"sha256": digest, "compiled": data}))
    return _compilation(data)


def _run_compiler(contract: Path) -> dict[str, Any]:
    ensure_dredd()
    node = shutil.which("node")
    if node is None:
        raise ToolchainError("node is not on PATH: install Node.js 20")
    completed = subprocess.run(
        [node, str(COMPILER), str(contract)], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise ToolchainError(f"Dredd could not compile {contract}: {completed.stderr.strip()}")
    compiled: dict[str, Any] = json.loads(completed.stdout)
    return compiled


def _compilation(data: dict[str, Any]) -> Compilation:
    annotations = [Annotation(**item) for item in data["annotations"]]
    return Compilation(
        transactions=[Transaction(**item) for item in data["transactions"]],
        warnings=[a.message for a in annotations if a.type == "warning"],
        errors=[a.message for a in annotations if a.type == "error"],
        annotations=annotations,
    )
