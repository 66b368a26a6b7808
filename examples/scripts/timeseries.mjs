#!/usr/bin/env node
/**
 * A Scheduler `process` job example: prints a CSV time series built from its arguments.
 *
 *   node timeseries.mjs points=5 metric=cpu metric=load step=60 start=2024-01-01T00:00:00Z
 *
 * Arguments arrive as `name=value` argv entries (the process executor's default argStyle;
 * `--name=value` works too). Every one is optional:
 *   points   how many rows (1..100000, default 20)
 *   metric   a column name; repeat it for several series (default "value")
 *   start    first time, ISO 8601 or epoch milliseconds (default: so the series ends now)
 *   step     seconds between points (default 60)
 *   delayMs  pause after each point, to watch progress in a dashboard (default 0, at most 10000)
 *
 * stdout is the result (outputFormat: csv): a `time` column in ISO 8601, then one number
 * column per metric. Progress goes to stderr as `##progress <percent> <message>` lines. A bad
 * argument is explained on stderr with exit code 2, which Scheduler shows in the panel.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const MAX_POINTS = 100_000;

function fail(message) {
  process.stderr.write(`timeseries: ${message}\n`);
  process.exit(2);
}

/** `name=value` entries into { name: [values] }; a repeated name collects every value. */
function readArguments(argv) {
  const values = {};
  for (const entry of argv) {
    const text = entry.replace(/^--/, '');
    const equals = text.indexOf('=');
    const name = equals === -1 ? text : text.slice(0, equals);
    (values[name] ??= []).push(equals === -1 ? '' : text.slice(equals + 1));
  }
  return values;
}

function wholeNumber(name, text, min, max) {
  const number = Number(text);
  if (!Number.isInteger(number) || number < min || number > max) fail(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return number;
}

const given = readArguments(process.argv.slice(2));
const known = new Set(['points', 'metric', 'start', 'step', 'delayMs']);
for (const name of Object.keys(given)) if (!known.has(name)) fail(`unknown argument "${name}"; known: ${[...known].join(', ')}`);

const points = given.points ? wholeNumber('points', given.points[0], 1, MAX_POINTS) : 20;
const stepMs = (given.step ? wholeNumber('step', given.step[0], 1, 86_400 * 366) : 60) * 1000;
const delayMs = given.delayMs ? wholeNumber('delayMs', given.delayMs[0], 0, 10_000) : 0;
const metrics = given.metric?.filter((name) => name !== '') ?? ['value'];
if (metrics.length === 0) metrics.push('value');
let start = Math.floor((Date.now() - (points - 1) * stepMs) / stepMs) * stepMs;
if (given.start) {
  const text = given.start[0];
  start = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(start)) fail(`start must be ISO 8601 or epoch milliseconds, got "${text}"`);
}

/** A smooth, repeatable curve per metric, so the same arguments always give the same table. */
function valueAt(point, metricIndex) {
  return Math.round((50 + 40 * Math.sin(point / 5 + metricIndex)) * 1000) / 1000;
}

const csvField = (text) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
process.stdout.write(`time,${metrics.map(csvField).join(',')}\n`);
const reportEvery = Math.max(1, Math.floor(points / 10));
for (let point = 0; point < points; point++) {
  const values = metrics.map((_, metricIndex) => valueAt(point, metricIndex));
  const line = `${new Date(start + point * stepMs).toISOString()},${values.join(',')}\n`;
  // Respect the pipe: when Scheduler's store is slower than us, wait instead of buffering.
  if (!process.stdout.write(line)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  if ((point + 1) % reportEvery === 0) process.stderr.write(`##progress ${Math.floor(((point + 1) / points) * 100)} wrote ${point + 1} of ${points} points\n`);
  if (delayMs > 0) await sleep(delayMs);
}
