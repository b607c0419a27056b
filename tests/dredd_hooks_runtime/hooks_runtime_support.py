"""Helpers for the hooks_runtime tests: a blueprint builder and Dredd run results."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

SECRET = "letmein"


def name_of(path: str) -> str:
    """Dredd's name for the transaction ``blueprint`` makes for ``path``."""
    return path.strip("/").replace("/", "-") + " > Get"


def blueprint(*paths: str) -> str:
    """API Blueprint with one ``GET <path>`` transaction per path (see ``name_of``)."""
    parts = ["FORMAT: 1A\n\n# Test API\n"]
    for path in paths:
        resource = path.strip("/").replace("/", "-")
        parts.append(
            f"\n## {resource} [{path}]\n\n### Get [GET]\n\n+ Response 200 (application/json)\n"
        )
    return "".join(parts)


@dataclass
class Run:
    """One finished Dredd run, colour codes removed."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    warm_pid: int | None = None  # the warm process that served the run, if one did

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def summary(self) -> str:
        match = re.search(r"complete: (\d+ passing, \d+ failing, \d+ errors)", self.stdout)
        return match.group(1) if match else f"no summary in:\n{self.output}"

    def took_ms(self) -> int:
        match = re.search(r"Tests took (\d+)ms", self.stdout)
        assert match, self.output
        return int(match.group(1))


RunDredd = Callable[..., Run]
