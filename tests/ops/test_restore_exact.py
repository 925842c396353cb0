"""A forced restore makes the database exactly the backup's; a failed one changes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.ops import backup
from tests.ops.test_backup_live import database
from tests.realtime.live import prepare_database


def engine_for(url: str) -> sa.Engine:
    """An engine on the URL with the driver the project uses."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(parsed, poolclass=sa.pool.NullPool)


def run_sql(url: str, *statements: str) -> None:
    """Run statements and commit."""
    engine = engine_for(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


def contents(url: str) -> dict[str, int]:
    """Every table of the database with its number of rows."""
    engine = engine_for(url)
    with engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        found = {
            table: connection.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar()
            for table in tables
        }
    engine.dispose()
    return found


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_forced_restore_drops_tables_and_rows_the_backup_does_not_hold(kind, tmp_path):
    with database(kind, tmp_path, "exact") as url:
        prepare_database(url, tmp_path)
        target = backup.Target(url, tmp_path / "instance")
        archive = backup.create(target, tmp_path / "b.tar.gz", say=lambda _: None)
        backed_up = contents(url)
        run_sql(
            url,
            "CREATE TABLE later_feature (id integer PRIMARY KEY, note text)",
            "INSERT INTO later_feature VALUES (1, 'made after the backup')",
            "DELETE FROM participants",
        )
        assert "later_feature" in contents(url)

        said: list[str] = []
        backup.restore(target, archive, force=True, say=said.append)

        assert contents(url) == backed_up
        assert "later_feature" not in contents(url)
        assert backed_up["participants"] == 2
        assert any("Database restored" in line for line in said)


def test_a_restore_that_fails_on_postgresql_leaves_the_database_as_it_was(tmp_path):
    with database("postgresql", tmp_path, "source") as source_url:
        prepare_database(source_url, tmp_path)
        # The backup holds a schema of its own, which the target has too: the restore's SQL
        # fails on it after the public schema was dropped, inside the one transaction.
        run_sql(source_url, "CREATE SCHEMA reports", "CREATE TABLE reports.t (id integer)")
        source = backup.Target(source_url, tmp_path / "source-instance")
        archive = backup.create(source, tmp_path / "b.tar.gz", say=lambda _: None)
        with database("postgresql", tmp_path, "target") as target_url:
            run_sql(
                target_url,
                "CREATE SCHEMA reports",
                "CREATE TABLE kept (id integer PRIMARY KEY)",
                "INSERT INTO kept VALUES (7)",
            )
            target = backup.Target(target_url, tmp_path / "target-instance")

            with pytest.raises(backup.BackupError, match="the database is as it was") as failed:
                backup.restore(target, archive, force=True, say=lambda _: None)

            assert "reports" in str(failed.value)
            assert contents(target_url) == {"kept": 1}
