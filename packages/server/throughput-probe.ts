import { pino } from 'pino';
import { createProcessExecutor } from './src/executors/process/process-executor.js';
import { processConfigSchema } from './src/executors/process/process-config.js';
const config = processConfigSchema.parse({ process: [process.execPath, '/tmp/ptest/gen.mjs', process.argv[2]], outputFormat: process.argv[3] ?? 'csv', maxOutputBytes: '2GiB' });
const ex = createProcessExecutor(config, { log: pino({ level: 'silent' }), jobName: 'x', configPath: 'jobsConfigList[0]', baseDir: '/tmp', store: { dialect: 'sqlite', environment: {} }, services: {} });
const started = Date.now();
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const result = await ex.execute({ request: { id: '1', job: 'x', user: 'u', label: null, source: '*' }, args: {}, timeRange: null, signal: new AbortController().signal, progress: () => {}, log: pino({ level: 'silent' }), keepLog: () => {}, resultTable: 't' });
let n = 0;
for await (const row of (result as any).rows) { n++; if (n % 100000 === 0) peak = Math.max(peak, process.memoryUsage().rss); }
const secs = (Date.now() - started) / 1000;
console.log({ rows: n, secs, peakGrowthMB: Math.round((peak - rss0) / 1e6) });
