// Which local executions are in the runner, so that memory stays bounded however many run: at most
// `maxLiveRuns` are in it at once (the others queue as records), and an execution whose every
// branch waits (for a token or the clock) leaves it and keeps only its record, until an answer or
// a timer wakes it to replay its journal. It also knows when nothing is doing anything but wait:
// what the local stack waits for before it answers a test or moves the clock.

import { EventEmitter } from 'node:events';

import type { ExecutionStatus } from './stepfunctions-journal.js';

/**
 * Executions in the runner at once. Steps run a few at a time anyway (the stack's workflow
 * concurrency), so more would only hold memory: a run costs some 20 KB while it lives.
 */
export const MAX_LIVE_RUNS = 32;

/** What the queue knows of an execution in this process. */
export interface QueuedRun {
  readonly record: { readonly status: ExecutionStatus };
  /** Tasks doing something other than waiting, and tasks waiting (for a token or the clock). */
  activeTasks: number;
  parkedTasks: number;
  abort?: () => void;
  /** In the runner, or waiting for its turn. */
  scheduled: boolean;
  /** Out of the runner while everything it does waits: only its record is kept. */
  hibernating: boolean;
  /** Counts its runs: what a run that ended late may still change is its own. */
  generation: number;
}

export interface RunQueueOptions<R extends QueuedRun> {
  /** Runs the execution (from its start, or replaying its journal); the runner calls ended(). */
  start: (run: R) => void;
  /** Ends the waiting tasks of a run that leaves the runner (it was aborted already). */
  release: (run: R) => void;
  /** Prepares a hibernating execution to replay its journal from the start. */
  rewind: (run: R) => void;
  maxLiveRuns?: number;
}

function isBusy(run: QueuedRun): boolean {
  return (
    run.record.status === 'RUNNING' &&
    !run.hibernating &&
    (run.activeTasks > 0 || run.parkedTasks === 0)
  );
}

export class RunQueue<R extends QueuedRun> {
  /** Executions waiting for a place in the runner, and how many are in it. */
  private readonly waiting: R[] = [];
  private liveRuns = 0;
  /**
   * Running executions that are doing something other than waiting (for a token or the clock):
   * kept up to date as they change, so idleness is known without looking at every execution.
   */
  private readonly busy = new Set<R>();
  private readonly events = new EventEmitter();
  private isStopped = false;

  constructor(private readonly options: RunQueueOptions<R>) {
    this.events.setMaxListeners(0);
  }

  /** True once stop() was called: nothing runs any more in this process. */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** Queues a run of the execution (from its start, or replaying its journal). */
  schedule(run: R): void {
    if (run.scheduled) return;
    run.scheduled = true;
    this.waiting.push(run);
    this.changed(run);
    this.pump();
  }

  /** A run left the runner: finished, failed, stopped or hibernating. */
  ended(run: R, generation: number): void {
    this.liveRuns--;
    if (generation === run.generation && !run.hibernating) run.scheduled = false;
    this.pump();
  }

  /** Runs a hibernating execution again from its journal, up to where it now goes on. */
  wake(run: R): void {
    if (!run.hibernating || run.record.status !== 'RUNNING') return;
    run.hibernating = false;
    run.scheduled = false;
    this.options.rewind(run);
    this.schedule(run);
  }

  /** To be called whenever a run's tasks or status change. */
  changed(run: R): void {
    if (isBusy(run)) this.busy.add(run);
    else this.busy.delete(run);
    // Everything it does waits: out of the runner, once the transitions in flight are done.
    if (run.scheduled && !run.hibernating && run.parkedTasks > 0 && run.activeTasks === 0)
      setImmediate(() => this.hibernate(run));
    this.events.emit('change');
  }

  /** True when no execution is doing anything but waiting (for a token or the clock). */
  isIdle(): boolean {
    for (const run of this.busy) {
      if (isBusy(run)) return false;
      this.busy.delete(run);
    }
    return true;
  }

  /** Resolves once the service is idle (checked again a moment later, to let transitions finish). */
  async waitForIdle(timeoutMs = Infinity): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.isIdle()) {
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 5));
        if (this.isIdle()) return true;
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.events.off('change', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 1000));
        this.events.on('change', done);
      });
    }
  }

  /** Starts nothing more; the queued executions stay unrun. */
  stop(): void {
    this.isStopped = true;
    this.waiting.length = 0;
  }

  private pump(): void {
    const max = this.options.maxLiveRuns ?? MAX_LIVE_RUNS;
    while (!this.isStopped && this.liveRuns < max && this.waiting.length) {
      const run = this.waiting.shift()!;
      if (run.record.status !== 'RUNNING') {
        run.scheduled = false;
        continue;
      }
      this.liveRuns++;
      setImmediate(() => {
        if (this.isStopped) {
          this.liveRuns--;
          return;
        }
        this.options.start(run);
      });
    }
  }

  /**
   * Takes an execution whose every branch waits out of the runner: its run is aborted and only
   * its record (journal, open tokens, timers) stays. An answer or a timer wakes it.
   */
  private hibernate(run: R): void {
    if (
      this.isStopped ||
      run.hibernating ||
      run.record.status !== 'RUNNING' ||
      run.activeTasks > 0 ||
      run.parkedTasks === 0
    )
      return;
    run.hibernating = true;
    run.abort?.();
    run.abort = undefined;
    this.options.release(run);
    this.changed(run);
  }
}
