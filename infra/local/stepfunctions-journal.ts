// What a local execution recorded, so that it outlives the run that made it. aws-local-stepfunctions
// keeps nothing: an execution survives a restart (or leaving the runner) only by its journal, one
// entry per Task outcome (a Lambda result or error, a parked task and its token, a Wait), from which
// a new run answers each Task it enters again instead of calling its Lambda.
//
// The records are appended to <dir>/executions.jsonl (asynchronously; the last line per execution
// wins, and the file is compacted when it is read at start), so a step costs a line the size of its
// execution, whatever the history.

import * as fs from 'node:fs';
import * as path from 'node:path';

import { AppendLog } from './append-log.js';
import type { Json } from './template.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export type Outcome =
  | { type: 'result'; value: Json }
  | { type: 'error'; error: string; cause: string }
  /** A .waitForTaskToken task waiting for SendTaskSuccess/Failure. */
  | {
      type: 'parked';
      token: string;
      payload: Json;
      timeoutAt?: number;
      heartbeatAt?: number;
      /** Its Lambda has returned; a replay without this mark calls the Lambda again. */
      invoked?: boolean;
    }
  /** A Wait state waiting for the local clock. */
  | { type: 'waiting'; until: number; input: Json };

export interface JournalEntry {
  /** Task state name and how many times that state had run before in this execution. */
  state: string;
  seq: number;
  outcome: Outcome;
  /** For a parked task that has been answered or timed out: its token, so a late answer gets TaskTimedOut. */
  closedToken?: string;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input as given to StartExecution (a JSON text). */
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  journal: JournalEntry[];
}

/** An error a task ended with, named for Retry/Catch; the message is the Cause. */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** The entry of a task state's `seq`-th run, if that run recorded one. */
export function entryAt(record: ExecutionRecord, state: string, seq: number) {
  return record.journal.find((e) => e.state === state && e.seq === seq);
}

/** The errors of the attempts right before attempt `seq` of a state that failed, oldest first. */
export function failedAttemptsBefore(
  record: ExecutionRecord,
  state: string,
  seq: number,
): string[] {
  const errors: string[] = [];
  for (let earlier = seq - 1; earlier >= 0; earlier--) {
    const outcome = entryAt(record, state, earlier)?.outcome;
    if (outcome?.type !== 'error') break;
    errors.unshift(outcome.error);
  }
  return errors;
}

/** What a settled outcome answers the task again: its result, or its error thrown by name. */
export function replay(outcome: Extract<Outcome, { type: 'result' | 'error' }>): Promise<Json> {
  return outcome.type === 'result'
    ? Promise.resolve(outcome.value)
    : Promise.reject(new TaskFailure(outcome.error, outcome.cause));
}

/** Writes how an execution ended into its record (only what that end has). */
export function endRecord(
  record: ExecutionRecord,
  end: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>,
  stopDate: number,
): void {
  Object.assign(record, end, { stopDate });
  for (const key of ['output', 'error', 'cause'] as const)
    if (record[key] === undefined) delete record[key];
}

/** The executions of one state machine as kept in a folder (or in memory only, without one). */
export class ExecutionJournal {
  private readonly file: AppendLog<ExecutionRecord> | undefined;
  private stopped = false;

  constructor(private readonly dir: string | undefined) {
    if (dir) this.file = new AppendLog(path.join(dir, 'executions.jsonl'));
  }

  /** The executions kept, oldest first (the file is compacted to them). */
  load(): ExecutionRecord[] {
    const dir = this.dir;
    if (!dir || !this.file) return [];
    const latest = new Map<string, ExecutionRecord>();
    for (const record of this.file.read()) latest.set(record.name, record);
    // A data directory from before the JSON-lines file: one JSON file per execution.
    const legacy = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    for (const file of legacy) {
      const record = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ExecutionRecord;
      if (!latest.has(record.name)) latest.set(record.name, record);
    }
    const records = [...latest.values()].sort((a, b) => a.startDate - b.startDate);
    if (legacy.length || records.length) this.file.rewrite(records);
    for (const file of legacy) fs.rmSync(path.join(dir, file));
    return records;
  }

  /** Keeps the record as it is now (its latest line wins). */
  save(record: ExecutionRecord): void {
    if (this.stopped) return;
    this.file?.append(record);
  }

  /** Records a task's outcome, while the execution runs. */
  append(record: ExecutionRecord, entry: JournalEntry): void {
    if (record.status !== 'RUNNING') return;
    record.journal.push(entry);
    this.save(record);
  }

  /** Keeps nothing more; resolves once everything kept is in the file. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.file?.close() ?? Promise.resolve();
  }
}
