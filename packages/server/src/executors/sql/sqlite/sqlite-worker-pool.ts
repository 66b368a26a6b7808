/**
 * The SQLite connections of one job: up to `size` worker threads, each holding its own
 * connection, started when first needed and kept for the next statement.
 *
 * A statement past its deadline (or cancelled) is stopped by terminating its thread. Node stops
 * a thread between two calls into SQLite: a statement producing rows stops at once, but a
 * single long step (a big aggregate or sort before the first row) runs to its end first. The
 * request fails at its deadline regardless; the thread still counts against `size` until it has
 * exited, so abandoned statements can never pile up beyond the pool.
 */
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../../../threads/start-sibling-worker.js';
import type { SqliteReply, SqliteRequest, SqliteWorkerSetup } from './sqlite-messages.js';

export class SqliteWorker {
  private pending: { resolve: (reply: SqliteReply) => void; reject: (error: Error) => void } | null = null;
  private exited = false;
  /** Resolves once the thread has stopped. */
  readonly exit: Promise<void>;

  constructor(private readonly thread: Worker) {
    // Idle threads must not keep a stopping process alive; the server keeps it alive otherwise.
    thread.unref();
    thread.on('message', (reply: SqliteReply) => {
      const pending = this.pending;
      this.pending = null;
      pending?.resolve(reply);
    });
    thread.on('error', (error) => this.failPending(error));
    this.exit = new Promise((resolve) =>
      thread.once('exit', () => {
        this.exited = true;
        this.failPending(new Error('the SQLite worker thread stopped'));
        resolve();
      }),
    );
  }

  /** Sends one request and waits for its reply. */
  request(message: SqliteRequest): Promise<SqliteReply> {
    if (this.exited) return Promise.reject(new Error('the SQLite worker thread stopped'));
    if (this.pending) return Promise.reject(new Error('a SQLite worker thread serves one request at a time'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.thread.postMessage(message);
    });
  }

  terminate(): void {
    void this.thread.terminate();
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}

export class SqliteWorkerPool {
  private readonly idle: SqliteWorker[] = [];
  private readonly waiting: Array<(worker: SqliteWorker) => void> = [];
  /** Threads alive: idle, in use, or terminated but still finishing a SQLite step. */
  private alive = 0;
  private closed = false;

  constructor(
    private readonly setup: SqliteWorkerSetup,
    private readonly size: number,
  ) {}

  acquire(): Promise<SqliteWorker> {
    if (this.closed) return Promise.reject(new Error('the job is shutting down'));
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.alive < this.size) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(worker: SqliteWorker): void {
    if (this.closed) return worker.terminate();
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  /** Stops a thread whose statement must end now; its place frees up once it has exited. */
  discard(worker: SqliteWorker): void {
    worker.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const worker of this.idle.splice(0)) worker.terminate();
  }

  private spawn(): SqliteWorker {
    this.alive++;
    const worker = new SqliteWorker(startSiblingWorker(import.meta.url, 'sqlite-worker', this.setup));
    void worker.exit.then(() => {
      this.alive--;
      const index = this.idle.indexOf(worker);
      if (index !== -1) this.idle.splice(index, 1);
      const next = this.closed ? undefined : this.waiting.shift();
      if (next) next(this.spawn());
    });
    return worker;
  }
}

