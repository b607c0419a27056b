"""The pieces behind the handler, without Dredd: ordering, error capture, loading, options."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

import dredd_hooks_runtime as hooks
from dredd_hooks_runtime import _loader
from dredd_hooks_runtime._dispatch import Dispatcher
from dredd_hooks_runtime._registry import REGISTRY, Registry
from dredd_hooks_runtime._server import _encode
from dredd_hooks_runtime.dredd_options import dredd_hook_args


def _recorder(label: str, calls: list[str]):
    return lambda transaction: calls.append(label)


def test_decorators_register_and_return_the_function() -> None:
    name = f"unit {uuid.uuid4()}"

    def first(transaction: dict) -> None: ...

    def second(transaction: dict) -> None: ...

    assert hooks.before(name)(first) is first
    assert hooks.before(name)(second) is second
    assert REGISTRY.hooks_for("before", name) == [first, second]


def test_named_decorator_used_without_a_name_is_an_error() -> None:
    with pytest.raises(TypeError, match="transaction name is required"):
        hooks.before(lambda transaction: None)  # type: ignore[arg-type]


def test_hooks_run_in_dredd_hooks_order() -> None:
    calls: list[str] = []
    registry = Registry()
    for kind in ("before_each", "before_each_validation", "after_each"):
        registry.add(kind, _recorder(kind, calls))
    for kind in ("before", "before_validation", "after"):
        registry.add(kind, _recorder(kind, calls), "T")
        registry.add(kind, _recorder(f"{kind} other", calls), "Other")
    dispatcher = Dispatcher(registry)
    for event in ("beforeEach", "beforeEachValidation", "afterEach"):
        dispatcher.handle(event, {"name": "T"})
    assert calls == [
        "before_each",
        "before",
        "before_each_validation",
        "before_validation",
        "after",
        "after_each",
    ]


def test_a_raising_hook_fails_its_transaction_and_the_rest_still_run() -> None:
    calls: list[str] = []
    registry = Registry()

    def broken(transaction: dict) -> None:
        raise LookupError("no such\nrow")

    registry.add("after", broken, "T")
    registry.add("after_each", _recorder("cleanup", calls))
    transaction = {"name": "T"}
    Dispatcher(registry).handle("afterEach", transaction)
    assert calls == ["cleanup"]
    assert transaction["fail"].endswith("hook broken raised: LookupError: no such row")


def test_before_all_error_fails_every_transaction_and_skips_per_transaction_hooks() -> None:
    calls: list[str] = []
    registry = Registry()

    def seed(transactions: list) -> None:
        raise RuntimeError("down")

    registry.add("before_all", seed)
    registry.add("before_each", _recorder("before_each", calls))
    dispatcher = Dispatcher(registry)
    transactions = [{"name": "A"}, {"name": "B"}]
    dispatcher.handle("beforeAll", transactions)
    dispatcher.handle("beforeEach", transactions[0])
    assert calls == []
    reason = "before_all hook seed raised: RuntimeError: down"
    assert [t["fail"] for t in transactions] == [reason, reason]


def test_after_all_error_is_reported_to_the_server() -> None:
    registry = Registry()
    registry.add("after_all", lambda transactions: 1 / 0)
    assert Dispatcher(registry).handle("afterAll", []) is False
    assert Dispatcher(Registry()).handle("afterAll", []) is True


def test_a_value_that_is_not_json_fails_the_transaction() -> None:
    original = json.dumps({"uuid": "u", "event": "afterEach", "data": {"name": "T"}}).encode()
    message = json.loads(original)
    message["data"]["when"] = object()
    reply = json.loads(_encode(message, original))
    assert reply["uuid"] == "u"
    assert "not JSON" in reply["data"]["fail"]


def test_expand_takes_files_and_globs_once_each(tmp_path: Path) -> None:
    for name in ("b.py", "a.py", "notes.txt"):
        (tmp_path / name).write_text("")
    paths = _loader.expand([str(tmp_path / "*.py"), str(tmp_path / "a.py")])
    assert paths == [str((tmp_path / "a.py").resolve()), str((tmp_path / "b.py").resolve())]
    with pytest.raises(FileNotFoundError):
        _loader.expand([str(tmp_path / "missing.py")])


def test_a_hook_file_imported_by_another_registers_once(tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:8]
    name = f"shared {tag}"
    (tmp_path / f"base_{tag}.py").write_text(
        "import dredd_hooks_runtime as hooks\n"
        f"@hooks.after({name!r})\n"
        "def shared(transaction):\n"
        "    pass\n"
    )
    (tmp_path / f"main_{tag}.py").write_text(f"import base_{tag}\n")
    for path in _loader.expand([str(tmp_path / f"main_{tag}.py"), str(tmp_path / "base_*.py")]):
        _loader.load(path)
    assert len(REGISTRY.hooks_for("after", name)) == 1


def test_hook_files_inside_a_package_can_use_relative_imports(tmp_path: Path) -> None:
    package = tmp_path / f"hookpkg_{uuid.uuid4().hex[:8]}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "names.py").write_text(f"NAME = 'relative {package.name}'\n")
    (package / "hooks.py").write_text(
        "import dredd_hooks_runtime as hooks\n"
        "from .names import NAME\n"
        "@hooks.before(NAME)\n"
        "def relative(transaction):\n"
        "    pass\n"
    )
    _loader.load(_loader.expand([str(package / "hooks.py")])[0])
    assert len(REGISTRY.hooks_for("before", f"relative {package.name}")) == 1


def test_dredd_hook_args_point_dredd_at_the_runtime() -> None:
    args = dredd_hook_args(["a.py", "b.py"], "/usr/bin/python3", timeout_ms=1234)
    options = dict(zip(args[::2], args[1::2], strict=True))
    port = options["--hooks-worker-handler-port"]
    assert options["--language"] == f"/usr/bin/python3 -m dredd_hooks_runtime --port {port}"
    assert [args[i + 1] for i, arg in enumerate(args) if arg == "--hookfiles"] == ["a.py", "b.py"]
    assert options["--hooks-worker-timeout"] == "1234"
    # Dredd treats 0 as "use the default" (100 ms), so the wait must be >= 1.
    assert 1 <= int(options["--hooks-worker-after-connect-wait"]) <= 10
    assert int(options["--hooks-worker-connect-retry"]) <= 100


def test_dredd_hook_args_give_each_run_its_own_port() -> None:
    key = "--hooks-worker-handler-port"
    ports = set()
    for _ in range(20):
        args = dredd_hook_args(["h.py"])
        ports.add(args[args.index(key) + 1])
    assert len(ports) == 20


def test_dredd_hook_args_refuse_what_dredd_cannot_split() -> None:
    # Dredd splits `language` on spaces and keeps quote characters.
    with pytest.raises(ValueError, match="spaces or quotes"):
        dredd_hook_args(["h.py"], "/opt/my python/bin/python")
    with pytest.raises(ValueError, match="at least one hook file"):
        dredd_hook_args([])


def test_dredd_events_are_those_a_hook_listens_to() -> None:
    registry = Registry()
    assert registry.dredd_events() == []
    registry.add("before", lambda t: None, "a > Get")
    assert registry.dredd_events() == ["beforeEach"]
    registry.add("after_each", lambda t: None)
    registry.add("before_validation", lambda t: None, "b > Get")
    registry.add("after_all", lambda ts: None)
    assert registry.dredd_events() == [
        "afterAll",
        "beforeEach",
        "beforeEachValidation",
        "afterEach",
    ]
