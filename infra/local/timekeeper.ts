// Time in the local stack: POST /_local/advance moves the one local clock and fires, in time order,
// everything due up to then (the template's schedules, as EventBridge Scheduler would invoke their
// targets; Wait states and task time-outs); a ticker does the same as real time passes. Advances
// and ticks run one at a time.

import type { FunctionName } from '../functions.js';
import { type LocalClock, MAX_ADVANCE_MS, parseInstant } from './clock.js';
import type { Due, LocalScheduler } from './scheduler.js';
import { LOCAL_REGION, type ScheduleSpec } from './template.js';

export interface Fired {
  at: string;
  schedule?: string;
  timer?: string;
  error?: string;
}

/** The payload EventBridge Scheduler sends a Lambda target, with its context attributes filled in. */
export function schedulePayload(schedule: ScheduleSpec, at: number): unknown {
  if (schedule.input === undefined) return {};
  const text = schedule.input
    .replaceAll(
      '<aws.scheduler.scheduled-time>',
      new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    )
    .replaceAll(
      '<aws.scheduler.schedule-arn>',
      `arn:aws:scheduler:${LOCAL_REGION}:000000000000:schedule/default/${schedule.name}`,
    )
    .replaceAll('<aws.scheduler.execution-id>', crypto.randomUUID())
    .replaceAll('<aws.scheduler.attempt-number>', '1');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An advance the caller asked for wrongly (answered 400). */
export class AdvanceRequestError extends Error {
  override name = 'AdvanceRequestError';
}

export interface TimekeeperDeps {
  clock: LocalClock;
  scheduler: LocalScheduler;
  /** Invokes a schedule's target function. */
  invoke(key: FunctionName, payload: unknown): Promise<unknown>;
  /** Resolves when the workflows have done everything they can do now. */
  settle(): Promise<unknown>;
}

export class Timekeeper {
  private queue: Promise<unknown> = Promise.resolve();
  private ticker: NodeJS.Timeout | undefined;
  /** Schedule invocations so far (what EventBridge Scheduler bills). */
  scheduleInvocations = 0;

  constructor(private readonly deps: TimekeeperDeps) {}

  /** POST /_local/advance: refuses (AdvanceRequestError) what is not a forward move. */
  advance(to: unknown): Promise<{ now: string; fired: Fired[] }> {
    const { clock } = this.deps;
    const target = parseInstant(to);
    if (target === null) {
      return Promise.reject(
        new AdvanceRequestError(
          '"to" must be an ISO-8601 instant, e.g. 2026-11-02T06:00:00+01:00 or 2026-11-02T05:00:00Z',
        ),
      );
    }
    if (target - clock.now() > MAX_ADVANCE_MS) {
      return Promise.reject(
        new AdvanceRequestError('The local clock moves at most 20 years in one advance'),
      );
    }
    return this.serially(async () => {
      // What earlier requests set going (a workflow started by a submission) happens at the time
      // it was set going, before the clock jumps.
      await this.deps.settle();
      if (target < clock.now()) {
        throw new AdvanceRequestError(
          `The local clock never goes back: ${new Date(target).toISOString()} is before ${new Date(clock.now()).toISOString()}`,
        );
      }
      const fired = await this.runDue(target);
      clock.moveForwardTo(target);
      await this.deps.settle();
      return { now: new Date(clock.now()).toISOString(), fired };
    });
  }

  /** Real time moves the local clock too: what falls due while nobody advances fires on its own. */
  startTicker(everyMs = 1000): void {
    let tickQueued = false;
    this.ticker = setInterval(() => {
      if (tickQueued || !this.deps.scheduler.nextDue(this.deps.clock.now())) return;
      tickQueued = true;
      void this.serially(() => {
        tickQueued = false;
        return this.runDue(this.deps.clock.now());
      }).catch((error: unknown) => console.error('[local stack]', error));
    }, everyMs);
    this.ticker.unref();
  }

  stop(): void {
    clearInterval(this.ticker);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runDue(upTo: number): Promise<Fired[]> {
    const fired: Fired[] = [];
    for (
      let due = this.deps.scheduler.nextDue(upTo);
      due;
      due = this.deps.scheduler.nextDue(upTo)
    ) {
      fired.push(await this.fire(due));
      await this.deps.settle();
    }
    return fired;
  }

  private async fire(due: Due): Promise<Fired> {
    this.deps.scheduler.markFired(due);
    this.deps.clock.moveForwardTo(due.at);
    const at = new Date(due.at).toISOString();
    if (due.kind === 'timer') {
      due.fire();
      return { at, timer: due.label };
    }
    const entry: Fired = { at, schedule: due.schedule.name };
    this.scheduleInvocations++;
    try {
      await this.deps.invoke(due.schedule.target, schedulePayload(due.schedule, due.at));
    } catch (error) {
      entry.error = `${(error as Error).name}: ${(error as { errorMessage?: string }).errorMessage ?? (error as Error).message}`;
      console.error(
        `[${due.schedule.target}] schedule ${due.schedule.name} at ${at} failed:`,
        (error as Error).cause ?? error,
      );
    }
    // Ended, well or not; a process killed before this line invokes it again at its next start.
    this.deps.scheduler.markFinished(due);
    return entry;
  }
}
