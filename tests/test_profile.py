"""Implementation profiles (``seeders._profile``): what they say, and the one line a
mistake in one is answered with, by ``harness conform`` as by the loader."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.testing import PROJECT_ROOT
from seeders import Profile, ProfileError
from seeders import load_profile as load

SHIPPED = PROJECT_ROOT / "profiles" / "open-event-server.toml"


def write(tmp_path: Path, text: str, name: str = "profile.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_profile_is_the_reference_servers() -> None:
    empty = load(None)
    assert empty == Profile()
    assert (empty.user_id_claim, empty.scheme, empty.always_send_attributes) == (
        "sub",
        "JWT",
        False,
    )
    assert empty.extra_attributes("event", object()) == {}


def test_the_shipped_open_event_server_profile() -> None:
    profile = load(SHIPPED)
    starts = datetime(2030, 5, 1, 9, 0)
    event = SimpleNamespace(starts_at=starts, ends_at=starts + timedelta(days=2))
    assert profile.extra_attributes("event", event) == {
        "timezone": "UTC",
        "state": "published",
        "can-pay-onsite": True,
        "payment-currency": "USD",
    }
    assert profile.extra_attributes("ticket", SimpleNamespace(event=event)) == {
        "sales-starts-at": "2030-04-01T09:00:00",
        "sales-ends-at": "2030-05-03T08:00:00",
    }
    assert profile.always_send_attributes and profile.user_id_claim == "identity"
    assert callable(profile.hook("create_users_events_role"))


def test_a_value_derived_from_a_row_it_does_not_have_names_the_key(tmp_path: Path) -> None:
    profile = load(
        write(tmp_path, '[create.ticket]\nsales-starts-at = { from = "event.starts-at" }')
    )
    with pytest.raises(ProfileError, match=r"\[create.ticket\] sales-starts-at: .*no event"):
        profile.extra_attributes("ticket", SimpleNamespace(event=None))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[create.event\n", "not TOML"),
        ("[creat.event]\ntimezone = 'UTC'", "unknown section [creat]"),
        ("[create.venue]\nname = 'x'", "[create] has no 'venue'"),
        ("[token]\nuser-id = 'identity'", "[token] has no 'user-id'"),
        ("[token]\nuser-id-claim = ''", "user-id-claim must be a non-empty string"),
        ("[body]\nalways-send-attributes = 'yes'", "always-send-attributes must be true or false"),
        ("[create.ticket]\nsales-starts-at = { days = 3 }", "a derived value is"),
        ("[create.ticket]\nx = { from = 'a', days = 'three' }", "shifts are numbers"),
        ("[adapter]\nmodule = 'missing.py'", "missing.py does not exist"),
    ],
)
def test_a_mistake_is_one_line_naming_the_file_and_the_key(
    tmp_path: Path, text: str, says: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as raised:
        load(path)
    message = str(raised.value)
    assert says in message and str(path) in message and "\n" not in message


def test_an_adapter_that_fails_to_import_or_defines_nothing_is_named(tmp_path: Path) -> None:
    write(tmp_path, "raise RuntimeError('half written')\n", "broken.py")
    with pytest.raises(ProfileError, match=r"broken\.py: RuntimeError: half written"):
        load(write(tmp_path, "[adapter]\nmodule = 'broken.py'"))
    write(tmp_path, "X = 1\n", "empty.py")
    with pytest.raises(ProfileError, match="defines none of create_users_events_role"):
        load(write(tmp_path, "[adapter]\nmodule = 'empty.py'"))


def test_harness_conform_answers_a_bad_profile_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[token]\nuser-id = 'identity'")
    finished = subprocess.run(
        [
            *(sys.executable, "-m", "harness.cli", "conform", "--endpoint", "http://127.0.0.1:9"),
            *("--seeder", "api", "--admin-email", "a@example.com", "--admin-password", "p"),
            *("--profile", str(path), "--reports", str(tmp_path / "reports")),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert finished.returncode == 2
    assert finished.stderr.count("\n") == 1 and "[token] has no 'user-id'" in finished.stderr
