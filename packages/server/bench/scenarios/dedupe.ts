/**
 * Scenario 3, dedupe: 1,000 identical submits sent at once must make exactly one request (one
 * execution). Checked through the native API as an operator would: GET /api/v1/requests.
 */
import { check, JSON_HEADERS, QUERY_PATH, queryBody, sleep, startBenchScheduler, type Check } from '../harness.js';

export interface DedupeFigures {
  concurrentSubmits: number;
  answered2xx: number;
  failed: number;
  /** Distinct request ids in the 1,000 status tables answered. */
  distinctRequestIds: number;
  /** Requests GET /api/v1/requests?job=demo lists: must be 1. */
  requestsListed: number;
  elapsedMs: number;
}

interface StatusTable {
  columns: Array<{ text: string }>;
  rows: unknown[][];
}

export async function dedupe(concurrentSubmits: number): Promise<{ figures: DedupeFigures; checks: Check[] }> {
  const server = await startBenchScheduler();
  try {
    const body = queryBody('submit', { delaySec: 0, metricMax: 4242 });
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: concurrentSubmits }, async () => {
        const response = await fetch(`${server.url}${QUERY_PATH}`, { method: 'POST', headers: JSON_HEADERS, body });
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        const [table] = (await response.json()) as StatusTable[];
        const idColumn = table!.columns.findIndex((column) => column.text === 'Request ID');
        return String(table!.rows[0]![idColumn]);
      }),
    );
    const elapsedMs = performance.now() - started;
    const ids = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));

    // Let the one execution finish, so the listing shows the settled state.
    let listed: Array<{ id: string; state: string }> = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      const response = await fetch(`${server.url}/api/v1/requests?job=demo&limit=500`, { headers: { 'X-Grafana-User': '*' } });
      listed = (await response.json()) as typeof listed;
      if (listed.every((request) => request.state !== 'queued' && request.state !== 'running')) break;
      await sleep(50);
    }

    const figures: DedupeFigures = {
      concurrentSubmits,
      answered2xx: ids.length,
      failed: failures.length,
      distinctRequestIds: new Set(ids).size,
      requestsListed: listed.length,
      elapsedMs,
    };
    return {
      figures,
      checks: [
        check('dedupe: every identical submit answered 2xx', failures.length === 0, failures.length === 0 ? `${ids.length} answered` : `${failures.length} failed, first: ${failures[0]}`),
        check('dedupe: exactly one request listed', listed.length === 1, `${listed.length} listed (${listed.map((request) => request.state).join(', ')})`),
        check('dedupe: every answer names the same request', figures.distinctRequestIds === 1, `${figures.distinctRequestIds} distinct request ids`),
      ],
    };
  } finally {
    await server.stop();
  }
}
