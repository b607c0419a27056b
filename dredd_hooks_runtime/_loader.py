"""Import hook files by path (``importlib``; the stock handler's ``imp`` is gone in 3.12)."""

from __future__ import annotations

import glob
import importlib.util
import os
import sys
from pathlib import Path


def expand(patterns: list[str]) -> list[str]:
    """Resolve files and globs to real paths, sorted per pattern, without duplicates.

    Dredd already passes resolved paths, but the handler is also run by hand.
    """
    paths: list[str] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise FileNotFoundError(f"no hook files match {pattern!r}")
        else:
            matches = [pattern]
        for match in matches:
            real = os.path.realpath(match)
            if not os.path.isfile(real):
                raise FileNotFoundError(f"hook file not found: {match!r}")
            if real not in paths:
                paths.append(real)
    return paths


def _module_name(path: Path) -> tuple[str, Path]:
    """Dotted name and import root, so relative imports work inside packages."""
    parts = [path.stem]
    root = path.parent
    while (root / "__init__.py").is_file():
        parts.insert(0, root.name)
        root = root.parent
    return ".".join(parts), root


def _already_imported(real: str) -> bool:
    # A hook file may have been imported by an earlier one; running it twice
    # would register its hooks twice.
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and os.path.realpath(file) == real:
            return True
    return False


def load(real: str) -> None:
    """Execute one hook file; its decorators register the hooks."""
    if _already_imported(real):
        return
    path = Path(real)
    name, root = _module_name(path)
    for directory in (str(path.parent), str(root)):
        # Like the stock handler: hook files may import their neighbours.
        if directory not in sys.path:
            sys.path.append(directory)
    if name in sys.modules:
        name = f"{name}__hookfile_{len(sys.modules)}"
    spec = importlib.util.spec_from_file_location(name, real)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {real!r} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise


class HookFileError(Exception):
    """A hook file raised while it ran; ``path`` is its real path, the exception it raised
    is the ``__cause__``."""

    def __init__(self, path: str, error: BaseException) -> None:
        super().__init__(f"{path}: {type(error).__name__}: {error}")
        self.path = path
        self.error = error


def load_hook_files(patterns: list[str]) -> list[str]:
    """Run the hook files that ``patterns`` (paths or globs) name, in order, so their
    decorators fill ``REGISTRY``; returns the real paths run. ``FileNotFoundError`` for a
    pattern that names no file, ``HookFileError`` for a file that raises."""
    paths = expand(patterns)
    for path in paths:
        try:
            load(path)
        except Exception as error:
            raise HookFileError(path, error) from error
    return paths
