/**
 * Reads a result table page by page, as an async iterator over its rows. Pages are keyed by the
 * row-order column, not OFFSET, so each costs the same however deep the read is, and no
 * connection or cursor is held between them. The next page, and where row numbers run without
 * gaps the one after it too, is asked for before the current one is handed out, so the database
 * works while the caller serialises rows (serving a million rows from MariaDB spent a third of
 * its time waiting for pages with one page asked for ahead).
 *
 * Pages are sized by bytes as well as rows: narrow rows come 2,000 at a time, but a result of
 * 100 KB texts must not put 2,000 of them — 200 MB — in memory at once. Reading starts with
 * small pages; each page's size is then estimated, and the page after next is sized to about
 * {@link PAGE_CHARS} characters.
 *
 * A hand-written iterator rather than an async generator: a result's rows are handed out one by
 * one, and a generator's resume per row cost more than converting the row itself (≈ 3× the
 * per-row overhead in measurements; a million rows per read adds up). A reader that takes rows a
 * batch at a time (serving a result as JSON) gets the rest of each page at once from
 * {@link ResultPages.nextBatch}, without even a promise per row.
 */
import type { Row } from '../domain.js';
import type { RowBatchStream } from '../tables/row-iterators.js';

/**
 * Rows per page at most, for narrow rows. Not more: a page lives while the one before it is
 * encoded, long enough to be copied by every young-generation collection meanwhile, and serving
 * a million six-column rows spent half as long collecting garbage, and took a third less time in
 * all, with pages of 2,000 rows as with 5,000 (MariaDB and PostgreSQL alike). Round trips are not
 * what costs: the next pages are asked for while the current one is handed out.
 */
const MAX_PAGE_ROWS = 2_000;
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
  after: number;
  limit: number;
}

export class ResultPages<R> implements RowBatchStream {
  private rows: Row[] = [];
  private index = 0;
  /** The page asked for next, then possibly the one after it (see {@link speculate}). */
  private pending: Array<PendingPage<R>> = [];
  private started = false;
  private limit = FIRST_PAGE_ROWS;
  /** Row numbers have had no gaps so far: the page after next can be asked for before the next arrives. */
  private dense = true;

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

  /** The rest of the current page, else the next page; undefined at the end. */
  async nextBatch(): Promise<Row[] | undefined> {
    if (this.index >= this.rows.length) {
      const first = await this.nextPage();
      if (first.done) return undefined;
      this.index = 0; // the page's first row goes out with the rest of it
    }
    const rest = this.index === 0 ? this.rows : this.rows.slice(this.index);
    this.index = this.rows.length;
    return rest;
  }

  /** The reader stopped early: settle the page in flight, so its failure is not unhandled. */
  async return(): Promise<IteratorResult<Row>> {
    const pending = this.pending;
    this.pending = [];
    this.started = true;
    this.rows = [];
    await Promise.all(pending.map((page) => page.records.catch(() => undefined)));
    return { done: true, value: undefined };
  }

  private async nextPage(): Promise<IteratorResult<Row>> {
    if (!this.started) {
      this.started = true;
      this.pending.push(this.request(-1));
    }
    for (let current = this.pending.shift(); current; current = this.pending.shift()) {
      let page: R[];
      try {
        page = await current.records;
      } catch (error) {
        this.drop();
        throw error;
      }
      const last = page.length > 0 ? this.rowNumber(page[page.length - 1]!) : current.after;
      if (page.length < current.limit) {
        this.drop(); // the end: a page asked for beyond it holds nothing
      } else {
        if (last !== current.after + current.limit) this.dense = false;
        if (this.pending[0]?.after !== last) this.drop();
        if (this.pending.length === 0) this.pending.push(this.request(last));
      }
      this.rows = page.map(this.toRow);
      this.index = 0;
      this.limit = pageRowsFor(this.rows);
      if (this.pending.length > 0) this.speculate();
      if (this.rows.length > 0) return { done: false, value: this.rows[this.index++]! };
    }
    this.rows = [];
    return { done: true, value: undefined };
  }

  /**
   * Asks for the page after the one in flight before that one arrives, so the database always
   * has the next page to produce: where row numbers run without gaps (every table the store
   * writes), where it starts is known. A table with gaps (a script's) stops the guessing; a
   * wrong guess is only thrown away.
   */
  private speculate(): void {
    const next = this.pending[0]!;
    if (this.dense && this.pending.length === 1) this.pending.push(this.request(next.after + next.limit));
  }

  /** Forgets the pages asked for ahead, settling them so their failure is not unhandled. */
  private drop(): void {
    for (const page of this.pending.splice(0)) page.records.catch(() => undefined);
  }

  private request(after: number): PendingPage<R> {
    return { records: this.readPage(after, this.limit), after, limit: this.limit };
  }
}

/** Rows per page for rows like these: as many as fit {@link PAGE_CHARS}, within the bounds. */
function pageRowsFor(rows: Row[]): number {
  if (rows.length === 0) return MAX_PAGE_ROWS;
  let chars = 0;
  for (const row of rows) for (const cell of row) chars += typeof cell === 'string' ? cell.length : 8;
  return Math.max(MIN_PAGE_ROWS, Math.min(MAX_PAGE_ROWS, Math.floor(PAGE_CHARS / (chars / rows.length))));
}
