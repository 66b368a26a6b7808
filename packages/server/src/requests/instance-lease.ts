/**
 * This process's membership of the store: several Scheduler processes may share one database,
 * and each unfinished request is held by the process that queued it (its `owner`). A process
 * records itself at start, refreshes a heartbeat every `instanceHeartbeatSec`, and removes its
 * record when it stops cleanly.
 *
 * A process is taken as gone — so that another one takes its requests over — when:
 * - its record is missing (it stopped cleanly, or a peer removed it after taking its requests),
 * - its heartbeat is older than {@link MISSED_HEARTBEATS} intervals (it crashed elsewhere, or
 *   hangs), or
 * - it ran on this host and its process id no longer exists, or is this process's own while
 *   it is not one of the leases this process holds (a container restarted, where every start
 *   gets the same pid). This is what lets a restart on the same machine recover at once
 *   instead of waiting for the heartbeat to go stale.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { InstanceRecord, Store } from '../store/store.js';
import { timeOrderedId } from './time-ordered-id.js';

/** Heartbeats a process may miss before its peers take it for gone. */
export const MISSED_HEARTBEATS = 6;

/** Leases held in this process: tests (and embedders) may run several Schedulers in one. */
const heldHere = new Set<string>();

export class InstanceLease {
  readonly id = timeOrderedId();
  private readonly host = hostname();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly heartbeatMs: number,
  ) {}

  async register(now = Date.now()): Promise<void> {
    await this.store.registerInstance(this.record(now));
    heldHere.add(this.id);
  }

  /**
   * Refreshes the heartbeat every interval and then calls `afterBeat` (which takes over the
   * requests of gone processes). A failing tick is logged and tried again at the next one; ticks
   * never overlap.
   */
  start(afterBeat: () => Promise<void>, log: Logger): void {
    this.timer = setInterval(() => {
      this.beating ??= this.beat()
        .then(afterBeat)
        .catch((error: unknown) => log.error({ err: error }, 'heartbeat or takeover of stopped processes\' requests failed; will retry'))
        .finally(() => {
          this.beating = null;
        });
    }, this.heartbeatMs);
    this.timer.unref();
  }

  /** Stops beating and removes this process's record: its peers need not wait for it to go stale. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    heldHere.delete(this.id);
    await this.store.removeInstance(this.id);
  }

  /**
   * The processes recorded now, split into live ones (this one always among them) and gone ones.
   * A request whose owner is not live — gone, no longer recorded, or none — may be taken over.
   */
  async owners(now = Date.now()): Promise<{ live: string[]; gone: InstanceRecord[] }> {
    const instances = await this.store.listInstances();
    const gone = instances.filter((instance) => instance.id !== this.id && this.isGoneInstance(instance, now));
    const live = instances.filter((instance) => !gone.includes(instance)).map((instance) => instance.id);
    return { live: live.includes(this.id) ? live : [...live, this.id], gone };
  }

  private async beat(now = Date.now()): Promise<void> {
    // A peer that took this process for gone (its event loop was blocked too long) removed its
    // record: record it again, so the requests it still runs are not taken over a second time.
    if (!(await this.store.heartbeat(this.id, now))) await this.register(now);
  }

  private isGoneInstance(instance: InstanceRecord, now: number): boolean {
    if (now - instance.heartbeatAt > MISSED_HEARTBEATS * this.heartbeatMs) return true;
    if (instance.host !== this.host) return false;
    return instance.pid === process.pid ? !heldHere.has(instance.id) : !processExists(instance.pid);
  }

  private record(now: number): InstanceRecord {
    return { id: this.id, host: this.host, pid: process.pid, startedAt: now, heartbeatAt: now };
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, under another user
  }
}
