/**
 * `dummy`: the original's demo executor (`test`). Waits `delaySec`, reporting progress, then
 * returns `numberOfMetrics` random series `metric0..N` over 20 time points between `startTime`
 * and `endTime` (epoch ms; the dashboard range, or the last hour, when not given). With
 * `failWith` it fails with that message instead, to show what a failure looks like.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Column, Row } from '../domain.js';
import type { ArgumentSpecs } from '../jobs/argument-spec.js';
import { DEFAULT_MAX_LENGTH } from '../jobs/argument-spec.js';
import { rowMaker } from '../tables/packed-row.js';
import type { ExecutorDefinition } from './executor.js';

const POINTS = 20;
/** How often a waiting dummy reports progress: often enough to watch, rarely enough to be cheap. */
const PROGRESS_STEP_MS = 250;

const dummyConfigSchema = z.object({}).strict();

function numberArgument(description: string, defaultValue: number | undefined, min: number, max: number) {
  return { type: 'number' as const, description, required: false, multiple: false, default: defaultValue, min, max, maxLength: DEFAULT_MAX_LENGTH };
}

const dummyArguments: ArgumentSpecs = {
  delaySec: numberArgument('seconds to wait before answering', 0, 0, 86_400),
  metricMax: numberArgument('largest random value', 100, 0, Number.MAX_SAFE_INTEGER),
  numberOfMetrics: numberArgument('how many series (metric0..N-1)', 1, 1, 100),
  startTime: numberArgument('first time point, epoch ms (default: the dashboard range start)', undefined, 0, 8.64e15),
  endTime: numberArgument('last time point, epoch ms (default: the dashboard range end)', undefined, 0, 8.64e15),
  failWith: {
    type: 'string',
    description: 'fail after the delay with this message, to see how a failed job looks in Grafana',
    required: false,
    multiple: false,
    maxLength: 500,
  },
};

export const dummyExecutor: ExecutorDefinition<z.infer<typeof dummyConfigSchema>> = {
  type: 'dummy',
  aliases: ['test'],
  description: 'demo executor: waits delaySec, then returns random series metric0..N over 20 time points',
  configSchema: dummyConfigSchema,
  argumentSpecs: () => dummyArguments,
  create: () => ({
    async execute(context) {
      // The signal is read only while waiting: it is made on first use, and a run without a
      // delay has nothing to abort.
      const { args, progress, timeRange } = context;
      const delayMs = Number(args.delaySec ?? 0) * 1000;
      for (let waited = 0; waited < delayMs; waited += PROGRESS_STEP_MS) {
        progress(Math.floor((waited / delayMs) * 100), `waiting ${Math.ceil((delayMs - waited) / 1000)} s`);
        await sleep(Math.min(PROGRESS_STEP_MS, delayMs - waited), undefined, { signal: context.signal });
      }
      if (typeof args.failWith === 'string' && args.failWith !== '') throw new Error(args.failWith);
      const end = Number(args.endTime ?? timeRange?.to ?? Date.now());
      const start = Number(args.startTime ?? timeRange?.from ?? end - 3_600_000);
      const metrics = Number(args.numberOfMetrics ?? 1);
      const max = Number(args.metricMax ?? 100);
      const columns: Column[] = [{ name: 'time', type: 'time' }];
      for (let m = 0; m < metrics; m++) columns.push({ name: `metric${m}`, type: 'number' });
      const rows: Row[] = [];
      const newRow = rowMaker(1 + metrics);
      const step = (end - start) / (POINTS - 1);
      for (let point = 0; point < POINTS; point++) {
        const row = newRow();
        row[0] = Math.round(start + point * step);
        for (let m = 1; m <= metrics; m++) row[m] = Math.round(Math.random() * max * 100) / 100;
        rows.push(row);
      }
      return { columns, rows };
    },
  }),
};
