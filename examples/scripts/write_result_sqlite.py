#!/usr/bin/env python3
"""A Scheduler `process` job example for `cacheArg`: the script writes its result table itself.

Configured with `cacheArg: table`, Scheduler runs it as

    python3 write_result_sqlite.py points=10 metric=cpu table=d2406011200_ab12cd34_myjob

and passes the store's connection details in the environment:
  SCHEDULER_STORE_DIALECT  "sqlite" (this example handles SQLite only)
  SCHEDULER_STORE_PATH     the SQLite database file
  SCHEDULER_RESULT_TABLE   the table to create (the same name as the `table` argument)

The contract: CREATE the table with typed columns — TIMESTAMP (epoch milliseconds), REAL,
TEXT, BOOLEAN; Scheduler reads the types to tell Grafana what each column is — fill it, and exit
0. Scheduler then serves that table as the request's result, and drops it when it expires.
Standard library only.
"""
import math
import os
import sqlite3
import sys
import time

KNOWN = ("table", "points", "metric", "threshold")


def fail(message):
    print(f"write_result_sqlite: {message}", file=sys.stderr)
    sys.exit(2)


def read_arguments(argv):
    values = {}
    for entry in argv:
        name, _, value = entry.partition("=")
        values[name] = value
    return values


def quoted(identifier):
    """An SQL identifier, quoted: table and metric names come from outside this script."""
    return '"' + identifier.replace('"', '""') + '"'


def main():
    given = read_arguments(sys.argv[1:])
    unknown = [name for name in given if name not in KNOWN]
    if unknown:
        fail(f"unknown argument(s) {', '.join(unknown)}; known: {', '.join(KNOWN)}")
    dialect = os.environ.get("SCHEDULER_STORE_DIALECT")
    if dialect != "sqlite":
        fail(f"this example writes to SQLite only, but SCHEDULER_STORE_DIALECT is {dialect!r}")
    database = os.environ.get("SCHEDULER_STORE_PATH") or fail("SCHEDULER_STORE_PATH is not set")
    table = given.get("table") or os.environ.get("SCHEDULER_RESULT_TABLE") or fail("no table name given")
    try:
        points = int(given.get("points", "10"))
        threshold = float(given.get("threshold", "75"))
    except ValueError:
        fail("points must be a whole number and threshold a number")
    if not 1 <= points <= 100_000:
        fail("points must be from 1 to 100000")
    metric = given.get("metric") or "value"

    step_ms = 60_000
    start = int(time.time() * 1000) // step_ms * step_ms - (points - 1) * step_ms
    rows = []
    for point in range(points):
        value = round(50 + 40 * math.sin(point / 5), 3)
        rows.append((start + point * step_ms, metric, value, value > threshold))

    # The server holds the same database open (in WAL mode): wait for its locks rather than fail.
    connection = sqlite3.connect(database, timeout=30)
    try:
        with connection:  # one transaction: the table appears complete or not at all
            connection.execute(
                f"CREATE TABLE {quoted(table)} (time TIMESTAMP, metric TEXT, value REAL, above_threshold BOOLEAN)"
            )
            connection.executemany(f"INSERT INTO {quoted(table)} VALUES (?, ?, ?, ?)", rows)
    finally:
        connection.close()
    print(f"##progress 100 wrote {len(rows)} rows to {table}", file=sys.stderr)


if __name__ == "__main__":
    main()
