"""What the project's own tests and benchmarks build on, beyond the public modules.

A documented surface, so that tests do not reach into the package's private modules:
each name here is kept working as the package changes, or its tests change with it.

- Places: ``PROJECT_ROOT``, ``HOOKS_DIR``, ``REPORTS_DIR``.
- Tools: ``ensure_dredd`` (the pinned Dredd, installed on first use),
  ``compile_contract`` and ``Transaction`` (Dredd's own compilation of a blueprint).
- Servers: ``reference_server`` (a context manager: the reference server on a free port,
  stopped on exit) and ``started_server`` (the same, for a given command line).
- Results: ``read_xunit`` (Dredd's xunit report as ``ContractReport`` of ``TestCase``),
  ``failed_transaction`` and ``DreddConsole`` (reading Dredd's console), ``markdown``
  (the run report), and the failure explanations of ``harness conform``: ``causes_of``,
  ``describe``, ``group``, ``route``, ``seeding_causes``, ``validator_lines``.
"""

from harness._causes import causes_of, describe, group, route, seeding_causes, validator_lines
from harness._console import DreddConsole, failed_transaction
from harness._dredd import ensure_dredd
from harness._paths import HOOKS_DIR, PROJECT_ROOT, REPORTS_DIR
from harness._report import ContractReport, TestCase, read_xunit
from harness._server import reference_server, started_server
from harness._summary import markdown
from harness._transactions import Transaction, compile_contract

__all__ = [
    "HOOKS_DIR",
    "PROJECT_ROOT",
    "REPORTS_DIR",
    "ContractReport",
    "DreddConsole",
    "TestCase",
    "Transaction",
    "causes_of",
    "compile_contract",
    "describe",
    "ensure_dredd",
    "failed_transaction",
    "group",
    "markdown",
    "read_xunit",
    "reference_server",
    "route",
    "seeding_causes",
    "started_server",
    "validator_lines",
]
