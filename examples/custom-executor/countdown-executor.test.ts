/**
 * The example custom executor, loaded the way a user would load it: `type: module` in the
 * configuration, answering through Scheduler's HTTP protocol.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startScheduler, statusRows, type TestScheduler } from '../../packages/server/test/helpers/start-scheduler.js';

const MODULE = fileURLToPath(new URL('./countdown-executor.mjs', import.meta.url));
let server: TestScheduler;

beforeAll(async () => {
  server = await startScheduler({ config: { jobsConfigList: [{ name: 'countdown', type: 'module', config: { module: MODULE, stepMs: 20 } }] } });
});
afterAll(() => server.stop());

it('answers one row per step, counting down from the argument', async () => {
  const response = await server.query('countdown', { type: 'run', args: { from: 3 } });
  expect(response.status).toBe(200);
  expect(response.json[0].columns).toEqual([
    { text: 'time', type: 'time' },
    { text: 'left', type: 'number' },
  ]);
  expect(response.json[0].rows.map((row: unknown[]) => row[1])).toEqual([3, 2, 1]);
});

it('its argument spec is enforced before it runs', async () => {
  const response = await server.query('countdown', { type: 'run', args: { from: 'many' } });
  expect(response.status).toBe(400);
  expect(response.json.message).toContain('argument "from" must be a number');
});

it('reports progress while it counts and stops when cancelled', async () => {
  await server.query('countdown', { type: 'submit', args: { from: 1000 } });
  const running = await eventually(async () => {
    const [row] = statusRows((await server.query('countdown', { type: 'status', args: { from: 1000 } })).json);
    return row!.Status === 'RUNNING' && (row!.Progress as number) > 0 ? row : undefined;
  });
  expect(running.Notes).toMatch(/\d+ to go/);
  const [cancelled] = statusRows((await server.query('countdown', { type: 'cancel', args: { from: 1000 } })).json);
  expect(cancelled!.Status).toBe('CANCELLED');
});
