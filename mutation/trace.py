"""The trace: the unmutated contract once, against the reference server under coverage
(``mutation.traced_server``), recording which transactions reach each line of the
mutated modules (``python -m mutation.trace OUT``, run in a copy of the tree whose
``dredd.yml`` also loads ``mutation/trace_hooks.py``; ``add_trace_hook`` makes it so).

What it writes is the map ``mutation.reach`` selects each mutant's transactions from.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import coverage
import yaml

from harness._paths import PROJECT_ROOT
from harness._server import started_server
from harness.contract import run_contract
from mutation import reach, targets
from mutation.traced_server import UNNAMED

TRACE_HOOKS = "mutation/trace_hooks.py"


def add_trace_hook(tree: Path) -> None:
    """Make ``tree``'s ``dredd.yml`` load the trace hook after the project's hook files."""
    config_path = tree / "dredd.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    files = config.get("hookfiles") or []
    config["hookfiles"] = [*([files] if isinstance(files, str) else files), TRACE_HOOKS]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def _reached(data_file: Path, root: Path) -> dict[str, dict[int, set[str]]]:
    """Each measured module (relative to ``root``): line -> the contexts that ran it."""
    data = coverage.CoverageData(basename=str(data_file))
    data.read()
    found: dict[str, dict[int, set[str]]] = {}
    for measured in data.measured_files():
        lines = data.contexts_by_lineno(measured)
        name = Path(measured).resolve().relative_to(root).as_posix()
        found[name] = {line: set(contexts) - {UNNAMED} for line, contexts in lines.items()}
    return found


def main(out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="mutation-trace-") as scratch_name:
        scratch = Path(scratch_name)
        database_url = f"sqlite:///{scratch / 'trace.sqlite3'}"
        data_file = scratch / "coverage.data"
        server_module = ("mutation.traced_server", "--data", str(data_file))
        with started_server(database_url, scratch / "server.log", module=server_module) as server:
            run = run_contract(
                endpoint=server.url,
                database_url=database_url,
                reports_dir=scratch / "reports",
                quiet=True,
            )
        if not run.passed:
            print("\n".join(run.problems[:20]), file=sys.stderr)
            return 1
        names = [result.name for result in run.results]
        modules = targets.modules(PROJECT_ROOT)
        reached = _reached(data_file, PROJECT_ROOT.resolve())
        reach.Reach.build(PROJECT_ROOT, modules, names, reached).write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
