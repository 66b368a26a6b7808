#!/usr/bin/env python3
"""A Scheduler `process` job example: prints a CSV time series built from its arguments.

    python3 timeseries.py points=5 metric=cpu metric=load step=60 start=2024-01-01T00:00:00Z

The Python twin of timeseries.mjs (standard library only), with the same arguments and output:
  points   how many rows (1..100000, default 20)
  metric   a column name; repeat it for several series (default "value")
  start    first time, ISO 8601 or epoch milliseconds (default: so the series ends now)
  step     seconds between points (default 60)
  delayMs  pause after each point, to watch progress in a dashboard (default 0, at most 10000)

stdout is the result (outputFormat: csv); progress goes to stderr as
`##progress <percent> <message>` lines; a bad argument is explained on stderr with exit code 2.
"""
import csv
import math
import sys
import time
from datetime import datetime, timezone

MAX_POINTS = 100_000
KNOWN = ("points", "metric", "start", "step", "delayMs")


def fail(message):
    print(f"timeseries: {message}", file=sys.stderr)
    sys.exit(2)


def read_arguments(argv):
    """`name=value` entries into {name: [values]}; a repeated name collects every value."""
    values = {}
    for entry in argv:
        text = entry[2:] if entry.startswith("--") else entry
        name, _, value = text.partition("=")
        values.setdefault(name, []).append(value)
    return values


def whole_number(name, text, low, high):
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or number < low or number > high:
        fail(f'{name} must be a whole number from {low} to {high}, got "{text}"')
    return number


def parse_start(text):
    if text.isdigit():
        return int(text)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        fail(f'start must be ISO 8601 or epoch milliseconds, got "{text}"')
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return round(parsed.timestamp() * 1000)


def iso(milliseconds):
    moment = datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def value_at(point, metric_index):
    """A smooth, repeatable curve per metric, so the same arguments always give the same table."""
    return round(50 + 40 * math.sin(point / 5 + metric_index), 3)


def main():
    given = read_arguments(sys.argv[1:])
    for name in given:
        if name not in KNOWN:
            fail(f'unknown argument "{name}"; known: {", ".join(KNOWN)}')
    points = whole_number("points", given["points"][0], 1, MAX_POINTS) if "points" in given else 20
    step_ms = (whole_number("step", given["step"][0], 1, 86_400 * 366) if "step" in given else 60) * 1000
    delay_ms = whole_number("delayMs", given["delayMs"][0], 0, 10_000) if "delayMs" in given else 0
    metrics = [name for name in given.get("metric", []) if name] or ["value"]
    if "start" in given:
        start = parse_start(given["start"][0])
    else:
        now = int(time.time() * 1000)
        start = (now - (points - 1) * step_ms) // step_ms * step_ms

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["time", *metrics])
    report_every = max(1, points // 10)
    for point in range(points):
        out.writerow([iso(start + point * step_ms), *(value_at(point, index) for index in range(len(metrics)))])
        if (point + 1) % report_every == 0:
            sys.stdout.flush()
            print(f"##progress {(point + 1) * 100 // points} wrote {point + 1} of {points} points", file=sys.stderr, flush=True)
        if delay_ms:
            time.sleep(delay_ms / 1000)


if __name__ == "__main__":
    main()
