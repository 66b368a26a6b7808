/**
 * Scenario 6 (issue 3), HTTP executor: a local node:http API answers a JSON array of 10,000
 * records (an id, an ISO time, a name, a float, a boolean and a nested object); a `rest` job
 * reads it through a `run` (POST /scheduler/query: the API called, its JSON parsed and typed
 * into a table, the table answered), against `fetch` + `JSON.parse` of the same URL from this
 * script. Repetitions alternate between the two; the figure is the ratio of their medians.
 *
 * "Time to result" for the run is until its whole answer has arrived (the bytes Grafana gets);
 * the time the client then spends parsing that answer is reported beside it, as is the ratio
 * with it included. Target: ≤ 2×.
 *
 * Also reported, in the same alternation: the job's executor alone, called in this process as
 * the request runner calls it, until its typed table is made (the API called, its JSON parsed and
 * shaped). It separates what the executor costs from what answering Grafana costs: encoding the
 * table as JSON and the second HTTP hop.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { ExecutionContext } from '../../src/executors/executor.js';
import { check, JSON_HEADERS, median, QUERY_PATH, queryBody, startBenchScheduler, type Check } from '../harness.js';

export const HTTP_RATIO_TARGET = 2;

export interface HttpExecutorSettings {
  records: number;
  repetitions: number;
  warmup: number;
}

export interface HttpExecutorFigures {
  records: number;
  repetitions: number;
  apiAnswerBytes: number;
  schedulerAnswerBytes: number;
  /** fetch + JSON.parse of the API's answer. */
  fetchParseMedianMs: number;
  /** POST run → whole answer received. */
  schedulerMedianMs: number;
  /** The executor alone: execute() until its table is made. */
  executorMedianMs: number;
  executorRatio: number;
  /** JSON.parse of Scheduler's answer by the client, alone. */
  clientParseMedianMs: number;
  ratio: number;
  /** With the client's parse of the answer included. */
  ratioWithClientParse: number;
}

/** The API's records: a few columns of each type, one nested object (kept as JSON text). */
function apiRecords(count: number): unknown[] {
  const start = Date.UTC(2024, 5, 1);
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    time: new Date(start + i * 60_000).toISOString(),
    name: `item-${i % 997}`,
    value: Math.round(Math.sin(i) * 1e6) / 1e3,
    active: i % 3 !== 0,
    meta: { region: ['eu', 'us', 'ap'][i % 3], tags: [`t${i % 7}`, `t${i % 11}`], score: i % 100 },
  }));
}

async function startApi(body: Buffer): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/items`,
    stop: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export async function httpExecutor(settings: HttpExecutorSettings): Promise<{ figures: HttpExecutorFigures; checks: Check[] }> {
  const apiBody = Buffer.from(JSON.stringify(apiRecords(settings.records)));
  const api = await startApi(apiBody);
  const server = await startBenchScheduler({ jobsConfigList: [{ name: 'items', type: 'rest', config: { uri: api.url } }] });
  const body = queryBody('run', {}, 'items');
  const fetchParse = async () => {
    const started = performance.now();
    const records = JSON.parse(await (await fetch(api.url)).text()) as unknown[];
    return { ms: performance.now() - started, records };
  };
  const executor = server.scheduler.manager.jobs.get('items').executor;
  const executorAlone = async () => {
    const started = performance.now();
    const result = await executor.execute(executionContext());
    if (!('rows' in result) || !Array.isArray(result.rows) || result.rows.length !== settings.records) throw new Error('the executor did not make the whole table in memory');
    return performance.now() - started;
  };
  const viaScheduler = async () => {
    const started = performance.now();
    const response = await fetch(`${server.url}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body });
    const text = await response.text();
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    const parseStarted = performance.now();
    const tables = JSON.parse(text) as Array<{ columns: Array<{ text: string; type: string }>; rows: unknown[][] }>;
    return { ms, parseMs: performance.now() - parseStarted, text, table: tables[0] };
  };
  try {
    for (let i = 0; i < settings.warmup; i++) {
      await viaScheduler();
      await fetchParse();
      await executorAlone();
    }
    const bare: number[] = [];
    const scheduler: number[] = [];
    const executorOnly: number[] = [];
    const clientParse: number[] = [];
    let last: Awaited<ReturnType<typeof viaScheduler>> | undefined;
    let records: unknown[] = [];
    for (let i = 0; i < settings.repetitions; i++) {
      // Alternate which goes first, so neither always follows the other's garbage.
      if (i % 2 === 0) {
        last = await viaScheduler();
        const alone = await fetchParse();
        bare.push(alone.ms);
        records = alone.records;
      } else {
        const alone = await fetchParse();
        bare.push(alone.ms);
        records = alone.records;
        last = await viaScheduler();
      }
      scheduler.push(last.ms);
      clientParse.push(last.parseMs);
      executorOnly.push(await executorAlone());
    }
    const fetchParseMedianMs = median(bare);
    const schedulerMedianMs = median(scheduler);
    const executorMedianMs = median(executorOnly);
    const clientParseMedianMs = median(clientParse);
    const table = last?.table;
    const types = table?.columns.map((column) => `${column.text}:${column.type}`).join(',');
    const expectedTypes = 'id:number,time:time,name:string,value:number,active:boolean,meta:string';
    const first = records[0] as { meta: unknown } | undefined;
    return {
      figures: {
        records: settings.records,
        repetitions: settings.repetitions,
        apiAnswerBytes: apiBody.length,
        schedulerAnswerBytes: Buffer.byteLength(last?.text ?? ''),
        fetchParseMedianMs,
        schedulerMedianMs,
        executorMedianMs,
        executorRatio: executorMedianMs / fetchParseMedianMs,
        clientParseMedianMs,
        ratio: schedulerMedianMs / fetchParseMedianMs,
        ratioWithClientParse: (schedulerMedianMs + clientParseMedianMs) / fetchParseMedianMs,
      },
      checks: [
        check('http: every record became a row', table?.rows.length === settings.records && records.length === settings.records, `${table?.rows.length} rows from ${records.length} records`),
        check('http: columns typed, the nested object kept as a JSON text column', types === expectedTypes, String(types)),
        check('http: the nested object\'s cell is its JSON text', table?.rows[0]?.[5] === JSON.stringify(first?.meta), String(table?.rows[0]?.[5])),
      ],
    };
  } finally {
    await server.stop();
    await api.stop();
  }
}

const SILENT = pino({ level: 'silent' });

/** What the request runner gives an executor, for a run with no arguments and nobody to tell. */
function executionContext(): ExecutionContext {
  return {
    request: { id: 'bench', job: 'items', user: '*', label: null, source: '*' },
    args: {},
    timeRange: null,
    signal: new AbortController().signal,
    progress: () => undefined,
    log: SILENT,
    keepLog: () => undefined,
    resultTable: 'bench_unused',
  };
}
