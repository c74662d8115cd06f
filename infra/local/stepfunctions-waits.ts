// The waits of a local execution on the local clock: Wait states (rewritten as Tasks, see asl.ts)
// and the interval before each Retry attempt, which aws-local-stepfunctions would wait in real
// time. Each wait is journaled with the time it ends, so a restart or a hibernation in between
// resumes the same wait, and a timer on the local clock ends it: the run goes on, or wakes.

import { type Retrier, retryDelaySeconds } from './asl.js';
import {
  entryAt,
  type ExecutionJournal,
  type ExecutionRecord,
  failedAttemptsBefore,
  type JournalEntry,
  TaskFailure,
} from './stepfunctions-journal.js';
import type { Json } from './template.js';

/** The execution a wait belongs to. */
export interface WaitOwner {
  readonly record: ExecutionRecord;
}

export interface ClockWaitsOptions<O extends WaitOwner> {
  journal: ExecutionJournal;
  /** The local clock. */
  now: () => number;
  /** Registers a timer on the local clock; returns its cancel function. */
  addTimer: (at: number, label: string, fire: () => void) => () => void;
  /** A wait ended while no run waited on it (the execution hibernates): it is to run again. */
  wake: (owner: O) => void;
}

/** Journal entries of the wait before a retry are kept under the state's name with this suffix. */
const RETRY_WAIT_SUFFIX = ' (retry wait)';

export class ClockWaits<O extends WaitOwner> {
  /** How the waits of each execution's current run are resumed, by journal entry. */
  private readonly resumes = new WeakMap<O, Map<JournalEntry, (value: Json) => void>>();
  /** Wait entries whose timer is on the local clock (a replay must not add a second). */
  private readonly armed = new WeakSet<JournalEntry>();

  constructor(private readonly options: ClockWaitsOptions<O>) {}

  /** A Wait state entered: its journaled wait, until the time its input names. */
  waitState(record: ExecutionRecord, state: string, seq: number, input: Json): JournalEntry {
    const p = input as { input: Json; seconds?: number; timestamp?: string };
    const until =
      p.timestamp !== undefined
        ? Date.parse(p.timestamp)
        : this.options.now() + (p.seconds ?? 0) * 1000;
    if (!Number.isFinite(until))
      throw new TaskFailure('States.Runtime', `Invalid Wait time in state ${state}`);
    const entry: JournalEntry = { state, seq, outcome: { type: 'waiting', until, input: p.input } };
    this.options.journal.append(record, entry);
    return entry;
  }

  /**
   * Before attempt `seq` of a task: if the attempts just before it failed and a Retry rule retries
   * them, the journaled wait of the rule's interval (its backoff for this attempt); else nothing.
   */
  retryWait(
    record: ExecutionRecord,
    state: string,
    seq: number,
    retry: Retrier[],
  ): JournalEntry | undefined {
    const key = `${state}${RETRY_WAIT_SUFFIX}`;
    const recorded = entryAt(record, key, seq);
    if (recorded) return recorded;
    const seconds = retryDelaySeconds(retry, failedAttemptsBefore(record, state, seq));
    if (!seconds) return undefined;
    const entry: JournalEntry = {
      state: key,
      seq,
      outcome: { type: 'waiting', until: this.options.now() + seconds * 1000, input: null },
    };
    this.options.journal.append(record, entry);
    return entry;
  }

  /** Resolves with the wait's input once the local clock reaches `until`. */
  answer(owner: O, entry: JournalEntry, until: number): Promise<Json> {
    return new Promise<Json>((resolve) => {
      let resumes = this.resumes.get(owner);
      if (!resumes) {
        resumes = new Map();
        this.resumes.set(owner, resumes);
      }
      resumes.set(entry, resolve);
      if (this.armed.has(entry)) return;
      this.armed.add(entry);
      this.options.addTimer(until, `Wait "${entry.state}" in ${owner.record.name}`, () =>
        this.end(owner, entry),
      );
    });
  }

  /**
   * Lets go of the runs waiting on an execution's waits, for it to leave the runner: their
   * resolve functions, to be called with nothing. The timers stay.
   */
  detach(owner: O): ((value: Json) => void)[] {
    const resumes = this.resumes.get(owner);
    if (!resumes) return [];
    const detached = [...resumes.values()];
    resumes.clear();
    return detached;
  }

  /** A wait's time has come: the run goes on, or wakes if it was hibernating. */
  private end(owner: O, entry: JournalEntry): void {
    const outcome = entry.outcome;
    if (owner.record.status !== 'RUNNING' || outcome.type !== 'waiting') return;
    entry.outcome = { type: 'result', value: outcome.input };
    this.options.journal.save(owner.record);
    const resumes = this.resumes.get(owner);
    const resume = resumes?.get(entry);
    resumes?.delete(entry);
    if (resume) resume(outcome.input);
    else this.options.wake(owner);
  }
}
