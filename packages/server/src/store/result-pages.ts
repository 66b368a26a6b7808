/**
 * Reads a result table page by page, as an async iterator over its rows. Pages are keyed by the
 * row-order column, not OFFSET, so each costs the same however deep the read is, and no
 * connection or cursor is held between them. The next page is asked for before the current one
 * is handed out, so the database works while the caller serialises rows.
 *
 * Pages are sized by bytes as well as rows: narrow rows come 5,000 at a time (fewer round
 * trips), but a result of 100 KB texts must not put 5,000 of them — half a gigabyte — in memory
 * at once. Reading starts with small pages; each page's size is then estimated, and the page
 * after next is sized to about {@link PAGE_CHARS} characters.
 *
 * A hand-written iterator rather than an async generator: a result's rows are handed out one by
 * one, and a generator's resume per row cost more than converting the row itself (≈ 3× the
 * per-row overhead in measurements; a million rows per read adds up).
 */
import type { Row } from '../domain.js';

/** Rows per page at most, for narrow rows. */
const MAX_PAGE_ROWS = 5_000;
/** The first pages, before anything is known of the rows' size. */
const FIRST_PAGE_ROWS = 200;
/** What a page should hold, in characters of text (numbers count 8). */
const PAGE_CHARS = 4_000_000;
/** Even a page of huge rows holds a few: each page is a round trip. */
const MIN_PAGE_ROWS = 8;

/** One page: at most `limit` records after the row numbered `after`, in order. */
export type PageReader<R> = (after: number, limit: number) => Promise<R[]>;

interface PendingPage<R> {
  records: Promise<R[]>;
  limit: number;
}

export class ResultPages<R> implements AsyncIterableIterator<Row> {
  private rows: Row[] = [];
  private index = 0;
  private pending: PendingPage<R> | null = null;
  private started = false;
  private limit = FIRST_PAGE_ROWS;

  constructor(
    private readonly readPage: PageReader<R>,
    private readonly rowNumber: (record: R) => number,
    private readonly toRow: (record: R) => Row,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Row>> {
    if (this.index < this.rows.length) return Promise.resolve({ done: false, value: this.rows[this.index++]! });
    return this.nextPage();
  }

  /** The reader stopped early: settle the page in flight, so its failure is not unhandled. */
  async return(): Promise<IteratorResult<Row>> {
    const pending = this.pending;
    this.pending = null;
    this.started = true;
    this.rows = [];
    await pending?.records.catch(() => undefined);
    return { done: true, value: undefined };
  }

  private async nextPage(): Promise<IteratorResult<Row>> {
    if (!this.started) {
      this.started = true;
      this.pending = this.request(-1);
    }
    while (this.pending) {
      const { records, limit } = this.pending;
      const page = await records;
      this.pending = page.length < limit ? null : this.request(this.rowNumber(page[page.length - 1]!));
      this.rows = page.map(this.toRow);
      this.index = 0;
      this.limit = pageRowsFor(this.rows);
      if (this.rows.length > 0) return { done: false, value: this.rows[this.index++]! };
    }
    this.rows = [];
    return { done: true, value: undefined };
  }

  private request(after: number): PendingPage<R> {
    return { records: this.readPage(after, this.limit), limit: this.limit };
  }
}

/** Rows per page for rows like these: as many as fit {@link PAGE_CHARS}, within the bounds. */
function pageRowsFor(rows: Row[]): number {
  if (rows.length === 0) return MAX_PAGE_ROWS;
  let chars = 0;
  for (const row of rows) for (const cell of row) chars += typeof cell === 'string' ? cell.length : 8;
  return Math.max(MIN_PAGE_ROWS, Math.min(MAX_PAGE_ROWS, Math.floor(PAGE_CHARS / (chars / rows.length))));
}
