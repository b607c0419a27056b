"""Make ``session.jsonl``, the mutation tests' fixture, by running cosmic-ray for real.

Run from the mutation environment (it has cosmic-ray):

    .tox/mutation/bin/python tests/mutation/example/regenerate.py

It mutates a copy of ``price.py`` with every core operator, records the mutants that
are not valid Python as incompetent and marks those of ``twice`` skipped (as
``mutation.run.plan`` does for the invalid and for a sample's others), runs
``check.py`` against the others (the local distributor, a 2 s timeout for the mutant
that loops forever), and writes ``cosmic-ray dump``'s output. ``mutation.selection``
is not applied: the fixture shows what the mutants it leaves out do when they run.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from mutation import session  # noqa: E402
from mutation.mutants import from_dump  # noqa: E402

CONFIG = """[cosmic-ray]
module-path = "price.py"
timeout = 2.0
excluded-modules = []
test-command = {command}

[cosmic-ray.distributor]
name = "local"
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for name in ("price.py", "check.py"):
            shutil.copy(HERE / name, scratch / name)
        command = shlex.join([sys.executable, "check.py"])
        config = scratch / "cosmic-ray.toml"
        config.write_text(CONFIG.format(command=f'"{command}"'), encoding="utf-8")
        database = scratch / "session.sqlite"
        session.init(config, database, scratch)
        described = session.describe(from_dump(session.dump(database)), scratch)
        session.mark_incompetent(database, {m.job_id: (m.diff, why) for m, why in described if why})
        session.mark_skipped(
            database,
            {m.job_id: "not in the sample" for m, _ in described if m.definition == "twice"},
        )
        subprocess.run([*session.COSMIC_RAY, "exec", str(config), str(database)], cwd=scratch)
        lines = session.dump(database)
    (HERE / "session.jsonl").write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    print(f"{len(lines)} mutants written to {HERE / 'session.jsonl'}")


if __name__ == "__main__":
    main()
