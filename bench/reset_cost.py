"""What emptying the database between two transactions costs, on SQLite and PostgreSQL.

    python bench/reset_cost.py [--resets 200] [--rebuilds 20] [--backend sqlite|postgresql]

For each backend, on a fresh database (an SQLite file in a temporary directory; a
PostgreSQL database created on $POSTGRESQL_ADMIN_URL's server and dropped afterwards):
seed a typical scenario with the factories (two users, one with a role, an event with
two tickets, a ticket code on both, an event code the event points at), then time
``empty_database`` alone. For comparison it times PostgreSQL's ``TRUNCATE ... RESTART
IDENTITY CASCADE`` (what ``empty_database`` did before), what upstream did instead
(``drop_all`` + ``create_all``), and dropping and migrating the schema again. Prints
milliseconds per operation (median and 95th percentile), then ``empty_database`` and
``drop_all`` + ``create_all`` side by side per backend; it asserts nothing about them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

import factories
from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    TicketFactory,
    UserEventRoleFactory,
    UserFactory,
)
from harness import postgresql
from reference_server import db
from reference_server.models import Role
from seeders.sql import empty_database


def seed() -> None:
    """The rows of a typical transaction's scenario."""
    factories.restart()
    event_code = DiscountCodeFactory()
    event = EventFactoryBasic(discount_code_id=event_code.id)
    tickets = [TicketFactory(event=event), TicketFactory(event=event)]
    UserFactory(admin=True)
    coorganizer = UserFactory()
    UserEventRoleFactory(user=coorganizer, event=event, role=Role.COORGANIZER)
    DiscountCodeTicketFactory(event=event, tickets=tickets, marketer=coorganizer)
    factories.FactorySession.remove()


def timed(operation: Callable[[], None], times: int, before: Callable[[], None]) -> list[float]:
    """Milliseconds each of ``times`` calls of ``operation`` took (``before`` untimed)."""
    spent = []
    for _ in range(times):
        before()
        started = time.perf_counter()
        operation()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def truncate(engine: Engine) -> None:
    """PostgreSQL's ``TRUNCATE ... RESTART IDENTITY CASCADE``, what emptying did first."""
    names = ", ".join(f'"{table.name}"' for table in reversed(db.Base.metadata.sorted_tables))
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def drop_all(engine: Engine) -> None:
    """Drop every table with its rows. SQLite cannot drop one of two tables that point at
    each other while rows do (it has no ALTER to drop the constraint first), so its
    foreign key checks are off meanwhile; PostgreSQL drops the constraint first."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        db.Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        connection.commit()
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")


def drop_and_create_all(engine: Engine) -> None:
    drop_all(engine)
    db.Base.metadata.create_all(engine)


def drop_and_migrate(engine: Engine) -> None:
    drop_all(engine)
    db.migrate(engine)


def measure(backend: str, url: str, resets: int, rebuilds: int) -> list[tuple[str, list[float]]]:
    engine = db.make_engine(url)
    try:
        db.migrate(engine)
        factories.bind(engine)
        seed()  # warm up: the password hash, the connection pool
        empty_database(engine)
        results = [
            ("empty_database after seeding", timed(lambda: empty_database(engine), resets, seed)),
            (
                "empty_database, tables already empty",
                timed(lambda: empty_database(engine), resets, _no_op),
            ),
        ]
        if backend == "postgresql":
            truncated = timed(lambda: truncate(engine), resets, seed)
            results.append(("TRUNCATE after seeding", truncated))
        return [
            *results,
            ("drop_all + create_all", timed(lambda: drop_and_create_all(engine), rebuilds, seed)),
            ("drop_all + migrate", timed(lambda: drop_and_migrate(engine), rebuilds, seed)),
        ]
    finally:
        factories.FactorySession.remove()
        engine.dispose()


def _no_op() -> None:
    pass


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="reset-cost-") as scratch:
            yield f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
    else:
        with postgresql.temporary_database(postgresql.admin_url(), prefix="bench") as url:
            yield url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resets", type=int, default=200)
    parser.add_argument("--rebuilds", type=int, default=20)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    if "postgresql" in backends:
        reason = postgresql.unreachable_reason(postgresql.admin_url())
        if reason is not None:
            print(f"postgresql: left out: {reason}", file=sys.stderr)
            backends.remove("postgresql")
    print(f"{'backend':<11} {'operation':<32} {'runs':>5} {'median ms':>10} {'p95 ms':>8}")
    medians: dict[str, dict[str, float]] = {}
    for backend in backends:
        with database(backend) as url:
            for name, spent in measure(backend, url, args.resets, args.rebuilds):
                p95 = statistics.quantiles(spent, n=20)[-1] if len(spent) > 1 else spent[0]
                medians.setdefault(backend, {})[name] = statistics.median(spent)
                print(
                    f"{backend:<11} {name:<32} {len(spent):>5}"
                    f" {statistics.median(spent):>10.2f} {p95:>8.2f}"
                )
    print()
    print(side_by_side(medians))
    return 0


def side_by_side(medians: dict[str, dict[str, float]]) -> str:
    """Per backend, what the hooks do (``empty_database``) beside what upstream did, in ms."""
    lines = [
        f"{'backend':<11} {'empty_database':>9} {'drop_all + create_all':>22} {'ratio':>7}"
        "   (empty_database: SQLite DELETE; PostgreSQL DELETE + setval)"
    ]
    for backend, by_name in medians.items():
        reset = by_name["empty_database after seeding"]
        rebuild = by_name["drop_all + create_all"]
        lines.append(f"{backend:<11} {reset:>9.2f} {rebuild:>22.2f} {rebuild / reset:>6.0f}x")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
