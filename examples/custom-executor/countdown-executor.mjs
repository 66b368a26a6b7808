// A complete custom executor for Scheduler, in plain JavaScript with no dependencies.
// Configure it as:
//
//   jobsConfigList:
//     - name: countdown
//       type: module
//       config:
//         module: ../examples/custom-executor/countdown-executor.mjs   # relative to the config file
//         stepMs: 250
//
// It counts down from the request's `from` argument, one row per step, reporting progress and
// stopping as soon as the request is cancelled or times out.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Validates this executor's own config keys (everything under `config` except `module`).
 * Any object with a zod-compatible `safeParse` works: a zod schema, or this hand-written one.
 */
export const configSchema = {
  safeParse(config) {
    const { stepMs = 100, ...unknown } = config;
    const issues = Object.keys(unknown).map((key) => ({ path: [key], message: 'unknown key; the countdown executor takes only stepMs' }));
    if (!Number.isInteger(stepMs) || stepMs <= 0) issues.push({ path: ['stepMs'], message: `expected a positive whole number of milliseconds (got ${JSON.stringify(stepMs)})` });
    return issues.length > 0 ? { success: false, error: { issues } } : { success: true, data: { stepMs } };
  },
};

/** The arguments requests may give; a job's argSet would replace them. */
export function argumentSpecs() {
  return {
    from: { type: 'number', description: 'where to count down from', required: false, multiple: false, default: 5, min: 1, max: 1000, maxLength: 20 },
  };
}

/** Called once per job at start, with the validated config. */
export function create({ stepMs }, { log }) {
  log.info({ stepMs }, 'countdown executor ready');
  return {
    async execute({ args, signal, progress }) {
      const from = Number(args.from);
      async function* rows() {
        for (let left = from; left > 0; left--) {
          progress(((from - left) / from) * 100, `${left} to go`);
          await sleep(stepMs, undefined, { signal }); // rejects when the request is cancelled
          yield [Date.now(), left];
        }
      }
      return {
        columns: [
          { name: 'time', type: 'time' },
          { name: 'left', type: 'number' },
        ],
        rows: rows(),
      };
    },
  };
}
