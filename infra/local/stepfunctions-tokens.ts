// The task tokens of .waitForTaskToken, which aws-local-stepfunctions lacks ($$.Task.Token is
// undefined there): tokens are issued here through the context object, a task that sends one is
// parked on it until SendTaskSuccess/Failure answers, and its TimeoutSeconds and HeartbeatSeconds
// run on the local clock (the library's own task time-out is 60 s of real time, and it ignores
// heartbeats). Every token ever handed to a task is kept, open or closed, so that a late answer
// gets TaskTimedOut as in AWS.

import { randomBytes } from 'node:crypto';

import type { TaskInfo } from './asl.js';
import {
  type ExecutionJournal,
  type ExecutionRecord,
  type JournalEntry,
  type Outcome,
  TaskFailure,
} from './stepfunctions-journal.js';
import type { Json } from './template.js';

/** The execution a token belongs to (what it records into, and what a closed token wakes). */
export interface TokenOwner {
  readonly record: ExecutionRecord;
}

/** A task waiting on its token. */
export interface Parked<O extends TokenOwner> {
  readonly owner: O;
  readonly entry: JournalEntry;
  waiter?: { resolve: (value: Json) => void; reject: (error: Error) => void };
  cancelTimers: (() => void)[];
}

export interface TaskTokensOptions<O extends TokenOwner> {
  journal: ExecutionJournal;
  /** The time limits of each task state. */
  tasks: ReadonlyMap<string, TaskInfo>;
  /** The local clock. */
  now: () => number;
  /** Registers a timer on the local clock; returns its cancel function. */
  addTimer: (at: number, label: string, fire: () => void) => () => void;
  /** A parked task has been answered or timed out; `delivered` when its run is to go on. */
  closed: (owner: O, delivered: boolean) => void;
}

const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{40,1022}$/;

/** Whether a text has the form of a task token (else the API answers InvalidToken). */
export function isTokenShaped(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

function newToken(): string {
  return `AQ${randomBytes(96).toString('base64url')}`;
}

/** Finds, anywhere in a task's payload, a token this execution handed out. */
function findToken(value: unknown, issued: Set<string>): string | undefined {
  if (typeof value === 'string') return issued.has(value) ? value : undefined;
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const found = findToken(v, issued);
      if (found) return found;
    }
  }
  return undefined;
}

export class TaskTokens<O extends TokenOwner> {
  /** Every token ever handed to a task: open ones, and closed ones (answered, timed out). */
  private readonly tokens = new Map<string, Parked<O> | 'closed'>();
  /** Per execution: tokens handed out by $$.Task.Token and not yet claimed by a task. */
  private readonly issued = new WeakMap<O, Set<string>>();

  constructor(private readonly options: TaskTokensOptions<O>) {}

  /** Whether this registry handed out the token (open or closed). */
  knows(token: string | undefined): boolean {
    return token !== undefined && this.tokens.has(token);
  }

  /** The task parked on a token, 'closed' if it was answered or timed out, or nothing. */
  lookup(token: string): Parked<O> | 'closed' | undefined {
    return this.tokens.get(token);
  }

  /** A fresh token for $$.Task.Token, held for the task whose parameters read it. */
  issue(owner: O): string {
    const token = newToken();
    const issued = this.issued.get(owner) ?? new Set<string>();
    issued.add(token);
    this.issued.set(owner, issued);
    return token;
  }

  /** Forgets the tokens issued and not claimed (a token from replaying Parameters is never used). */
  forgetIssued(owner: O): void {
    this.issued.get(owner)?.clear();
  }

  /**
   * The journal entry of a task that parks on the token its payload carries (a fresh one if it
   * carries none), with its time limits on the local clock.
   */
  parkedEntry(owner: O, state: string, seq: number, payload: Json): JournalEntry {
    const token = findToken(payload, this.issued.get(owner) ?? new Set()) ?? newToken();
    this.forgetIssued(owner);
    const info = this.options.tasks.get(state);
    const now = this.options.now();
    return {
      state,
      seq,
      outcome: {
        type: 'parked',
        token,
        payload,
        ...(info?.timeoutSeconds ? { timeoutAt: now + info.timeoutSeconds * 1000 } : {}),
        ...(info?.heartbeatSeconds ? { heartbeatAt: now + info.heartbeatSeconds * 1000 } : {}),
      },
    };
  }

  /** Opens the token of a parked entry, with its time-outs on the local clock. */
  open(owner: O, entry: JournalEntry): Parked<O> {
    const outcome = entry.outcome as Extract<Outcome, { type: 'parked' }>;
    const parked: Parked<O> = { owner, entry, cancelTimers: [] };
    this.tokens.set(outcome.token, parked);
    this.armTimers(parked);
    return parked;
  }

  /** Opens again the tokens an execution recorded as parked, and knows the closed ones. */
  restore(owner: O): void {
    for (const entry of owner.record.journal) {
      if (entry.outcome.type === 'parked') this.open(owner, entry);
      if (entry.closedToken) this.tokens.set(entry.closedToken, 'closed');
    }
  }

  /** Waits for the answer to a parked task's token. */
  answer(parked: Parked<O>): Promise<Json> {
    return new Promise<Json>((resolve, reject) => {
      parked.waiter = { resolve, reject };
    });
  }

  /** SendTaskHeartbeat: the heartbeat time-out starts again. */
  heartbeat(parked: Parked<O>): void {
    const info = this.options.tasks.get(parked.entry.state);
    if (parked.entry.outcome.type === 'parked' && info?.heartbeatSeconds) {
      parked.entry.outcome.heartbeatAt = this.options.now() + info.heartbeatSeconds * 1000;
      this.options.journal.save(parked.owner.record);
      this.armTimers(parked);
    }
  }

  /** Ends a parked task with an outcome and hands it to the waiting run, if it waits already. */
  close(parked: Parked<O>, outcome: Outcome, deliver = true): void {
    const open = parked.entry.outcome;
    if (open.type !== 'parked') return;
    for (const cancel of parked.cancelTimers) cancel();
    this.tokens.set(open.token, 'closed');
    parked.entry.outcome = outcome;
    parked.entry.closedToken = open.token;
    this.options.journal.save(parked.owner.record);
    if (deliver && parked.waiter) {
      if (outcome.type === 'result') parked.waiter.resolve(outcome.value);
      else if (outcome.type === 'error')
        parked.waiter.reject(new TaskFailure(outcome.error, outcome.cause));
    }
    parked.waiter = undefined;
    this.options.closed(parked.owner, deliver);
  }

  /** The execution ended: none of its tokens can be answered any more. */
  closeAll(record: ExecutionRecord): void {
    for (const entry of record.journal) {
      if (entry.outcome.type === 'parked') {
        const parked = this.tokens.get(entry.outcome.token);
        if (parked && parked !== 'closed') for (const cancel of parked.cancelTimers) cancel();
        this.tokens.set(entry.outcome.token, 'closed');
        entry.closedToken = entry.outcome.token;
      }
    }
  }

  /**
   * Lets go of the runs waiting on an execution's tokens, for it to leave the runner: their
   * resolve functions, to be called with nothing. The tokens stay open.
   */
  detach(owner: O): ((value: Json) => void)[] {
    const detached: ((value: Json) => void)[] = [];
    for (const entry of owner.record.journal) {
      if (entry.outcome.type !== 'parked') continue;
      const parked = this.tokens.get(entry.outcome.token);
      if (parked && parked !== 'closed' && parked.waiter) {
        detached.push(parked.waiter.resolve);
        parked.waiter = undefined;
      }
    }
    return detached;
  }

  /** Stops every time-out timer (the tokens stay recorded). */
  stop(): void {
    for (const parked of this.tokens.values()) {
      if (parked !== 'closed') for (const cancel of parked.cancelTimers) cancel();
    }
  }

  private armTimers(parked: Parked<O>): void {
    for (const cancel of parked.cancelTimers) cancel();
    parked.cancelTimers = [];
    const outcome = parked.entry.outcome;
    if (outcome.type !== 'parked') return;
    const label = `time-out of "${parked.entry.state}" in ${parked.owner.record.name}`;
    for (const at of [outcome.timeoutAt, outcome.heartbeatAt]) {
      if (at === undefined) continue;
      const timeout =
        at === outcome.heartbeatAt && at !== outcome.timeoutAt
          ? 'States.HeartbeatTimeout'
          : 'States.Timeout';
      parked.cancelTimers.push(
        this.options.addTimer(at, label, () =>
          this.close(parked, { type: 'error', error: timeout, cause: '' }),
        ),
      );
    }
  }
}
