// The state machine of the template, run locally by aws-local-stepfunctions, with what that library
// lacks added around it: task tokens (.waitForTaskToken), executions that survive a restart, AWS's
// idempotent StartExecution, time-outs, Wait states and the waits between Retry attempts on the
// local clock.
//
// Durability works by journal and replay. Every Task outcome (a Lambda result or error, a parked
// task and its token, a Wait) is recorded as it happens: the execution's record is appended to
// <dir>/executions.jsonl (asynchronously; the last line per execution wins, and the file is
// compacted at start), so a step costs a line the size of its execution, whatever the history. After a restart an
// unfinished execution runs again from the start with its original input, and each Task is answered
// from the journal instead of calling its Lambda, until the run reaches the point where it stopped:
// a parked task waits again on the same token, an interrupted Lambda is called again (Lambda is
// at-least-once in AWS too). The definition's Choice/Pass logic is deterministic, so the replay
// takes the same path.
//
// Memory stays bounded however many executions run: at most `maxLiveRuns` are in the runner at once
// (the others queue as records), and an execution whose every branch waits (for a token or the
// clock) leaves the runner and keeps only its record; the answer replays it from its journal.

import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
} from 'aws-local-stepfunctions';

import type { FunctionName } from '../functions.js';
import { AppendLog } from './append-log.js';
import { LOCAL_WAIT_RESOURCE, prepareDefinition, retryDelaySeconds, type TaskInfo } from './asl.js';
import { FunctionError } from './lambda.js';
import { executionArn, type Json, type StateMachineDefinition } from './template.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

type Outcome =
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

interface JournalEntry {
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

/** An error answered to an API call, named as AWS names it (the SDK throws it under that name). */
export class SfnApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** An error a task ended with, named for Retry/Catch; the message is the Cause. */
class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export interface LocalStepFunctionsOptions {
  stateMachineArn: string;
  stateMachineName: string;
  definition: StateMachineDefinition;
  /** Where executions are kept (executions.jsonl); none: in memory only. */
  dir?: string;
  /** Calls a function in-process; throws FunctionError on failure. */
  invoke: (key: FunctionName, payload: unknown) => Promise<unknown>;
  /** Maps a Lambda name or ARN from the definition to its function key. */
  functionByName: (nameOrArn: string) => FunctionName | undefined;
  /** The local clock. */
  now: () => number;
  /** Registers a timer on the local clock; returns its cancel function. */
  addTimer: (at: number, label: string, fire: () => void) => () => void;
  log?: (message: string) => void;
  /** Executions in the runner at once; the others wait their turn (default MAX_LIVE_RUNS). */
  maxLiveRuns?: number;
}

/**
 * Executions in the runner at once. Steps run a few at a time anyway (the stack's workflow
 * concurrency), so more would only hold memory: a run costs some 20 KB while it lives.
 */
export const MAX_LIVE_RUNS = 32;

interface Live {
  record: ExecutionRecord;
  /** Per task state: how many times it has been entered in this run. */
  counts: Map<string, number>;
  /** Task tokens handed out by $$.Task.Token and not yet claimed by a task. */
  issued: Set<string>;
  activeTasks: number;
  parkedTasks: number;
  abort?: () => void;
  /** In the runner, or waiting for its turn. */
  scheduled: boolean;
  /** Out of the runner while everything it does waits: only its record is kept. */
  hibernating: boolean;
  /** State transitions counted for this execution in this process (a replay enters them again). */
  counted: number;
  /** How Wait states of the current run are resumed, by journal entry. */
  waits: Map<JournalEntry, (value: Json) => void>;
  /** Counts its runs: what a run that ended late may still change is its own. */
  generation: number;
}

interface Parked {
  live: Live;
  entry: JournalEntry;
  waiter?: { resolve: (value: Json) => void; reject: (error: Error) => void };
  cancelTimers: (() => void)[];
}

const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{40,1022}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: execution names must not hold control characters, as in AWS.
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

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

function parseJson(text: string, code: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new SfnApiError(code, `Invalid ${what}: not valid JSON`);
  }
}

export class LocalStepFunctions {
  private readonly machine: StateMachine;
  private readonly tasks: Map<string, TaskInfo>;
  private readonly executions = new Map<string, Live>();
  /** Every token ever handed to a task: open ones, and closed ones (answered, timed out). */
  private readonly tokens = new Map<string, Parked | 'closed'>();
  private readonly events = new EventEmitter();
  private readonly log: (message: string) => void;
  /**
   * Running executions that are doing something other than waiting (for a token or the clock):
   * kept up to date as they change, so idleness is known without looking at every execution.
   */
  private readonly busy = new Set<Live>();
  private readonly file: AppendLog<ExecutionRecord> | undefined;
  /** State transitions so far (states entered), as Step Functions bills Standard workflows. */
  transitions = 0;
  private stopped = false;
  /** Executions waiting for a place in the runner, and how many are in it. */
  private readonly queue: Live[] = [];
  private liveRuns = 0;
  /** Wait entries whose timer is on the local clock (a replay must not add a second). */
  private readonly armed = new WeakSet<JournalEntry>();

  constructor(private readonly options: LocalStepFunctionsOptions) {
    const prepared = prepareDefinition(options.definition);
    this.tasks = prepared.tasks;
    // The definition was checked by unsupportedFeatures(); the library's own validator knows
    // neither our Wait rewrite nor every field CDK writes.
    this.machine = new StateMachine(prepared.definition as never, {
      validationOptions: { noValidate: true },
    });
    this.log = options.log ?? (() => {});
    this.events.setMaxListeners(0);
    if (options.dir) this.file = new AppendLog(path.join(options.dir, 'executions.jsonl'));
  }

  get stateMachineArn(): string {
    return this.options.stateMachineArn;
  }

  get stateMachineName(): string {
    return this.options.stateMachineName;
  }

  /** Whether this service handed out the token (open or closed). */
  knowsToken(token: string | undefined): boolean {
    return token !== undefined && this.tokens.has(token);
  }

  /** Loads the executions kept in `dir` and resumes the unfinished ones. */
  resumeAll(): void {
    const dir = this.options.dir;
    if (!dir || !this.file) return;
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
    for (const record of records) {
      const live = this.track(record);
      for (const entry of record.journal) {
        if (entry.outcome.type === 'parked') this.openToken(live, entry);
        if (entry.closedToken) this.tokens.set(entry.closedToken, 'closed');
      }
      if (record.status === 'RUNNING') {
        this.log(`Resuming execution ${record.name}`);
        this.schedule(live);
      }
    }
  }

  // ---- The API (what the local Step Functions endpoint answers) --------------------------------

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): {
    executionArn: string;
    startDate: number;
  } {
    this.checkMachine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!NAME_PATTERN.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    parseJson(input, 'InvalidExecutionInput', 'execution input');
    const existing = this.executions.get(name);
    if (existing) {
      // AWS (Standard): same name and input as a *running* execution → the same answer; otherwise refused.
      if (existing.record.status === 'RUNNING' && existing.record.input === input) {
        return { executionArn: existing.record.executionArn, startDate: existing.record.startDate };
      }
      throw new SfnApiError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${existing.record.executionArn}'`,
      );
    }
    const record: ExecutionRecord = {
      executionArn: executionArn(this.options.stateMachineName, name),
      stateMachineArn: this.options.stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate: this.options.now(),
      journal: [],
    };
    const live = this.track(record);
    this.save(live);
    // The caller gets its answer first; the execution's steps run after, off its path, as in AWS.
    this.schedule(live);
    return { executionArn: record.executionArn, startDate: record.startDate };
  }

  describeExecution(request: { executionArn?: string }): ExecutionRecord {
    return this.find(request.executionArn).record;
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: string }): ExecutionRecord[] {
    this.checkMachine(request.stateMachineArn);
    return this.list()
      .filter((r) => !request.statusFilter || r.status === request.statusFilter)
      .reverse(); // newest first, as AWS lists them
  }

  /** All executions, oldest first. */
  list(): ExecutionRecord[] {
    return [...this.executions.values()]
      .map((l) => l.record)
      .sort((a, b) => a.startDate - b.startDate);
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }): {
    stopDate: number;
  } {
    const live = this.find(request.executionArn);
    if (live.record.status === 'RUNNING') {
      this.finish(live, { status: 'ABORTED', error: request.error, cause: request.cause });
      live.abort?.();
    }
    return { stopDate: live.record.stopDate ?? this.options.now() };
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }): void {
    const parked = this.openParked(request.taskToken);
    const value = parseJson(request.output ?? '', 'InvalidOutput', 'output');
    this.close(parked, { type: 'result', value });
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }): void {
    const parked = this.openParked(request.taskToken);
    this.close(parked, { type: 'error', error: request.error ?? '', cause: request.cause ?? '' });
  }

  sendTaskHeartbeat(request: { taskToken?: string }): void {
    const parked = this.openParked(request.taskToken);
    const info = this.tasks.get(parked.entry.state);
    if (parked.entry.outcome.type === 'parked' && info?.heartbeatSeconds) {
      parked.entry.outcome.heartbeatAt = this.options.now() + info.heartbeatSeconds * 1000;
      this.save(parked.live);
      this.armTimers(parked);
    }
  }

  // ---- Idleness --------------------------------------------------------------------------------

  /** True when no execution is doing anything but waiting (for a token or the clock). */
  isIdle(): boolean {
    for (const live of this.busy) {
      if (isBusy(live)) return false;
      this.busy.delete(live);
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

  /**
   * Stops every run in this process (their records stay; a new instance resumes them). Resolves
   * once everything recorded is in the file.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    for (const parked of this.tokens.values()) {
      if (parked !== 'closed') for (const cancel of parked.cancelTimers) cancel();
    }
    for (const live of this.executions.values()) live.abort?.();
    await this.file?.close();
  }

  // ---- Running ---------------------------------------------------------------------------------

  private track(record: ExecutionRecord): Live {
    const live: Live = {
      record,
      counts: new Map(),
      issued: new Set(),
      activeTasks: 0,
      parkedTasks: 0,
      scheduled: false,
      hibernating: false,
      counted: 0,
      waits: new Map(),
      generation: 0,
    };
    this.executions.set(record.name, live);
    return live;
  }

  /** Queues a run of the execution (from its start, or replaying its journal). */
  private schedule(live: Live): void {
    if (live.scheduled) return;
    live.scheduled = true;
    this.queue.push(live);
    this.changed(live);
    this.pump();
  }

  private pump(): void {
    const max = this.options.maxLiveRuns ?? MAX_LIVE_RUNS;
    while (!this.stopped && this.liveRuns < max && this.queue.length) {
      const live = this.queue.shift()!;
      if (live.record.status !== 'RUNNING') {
        live.scheduled = false;
        continue;
      }
      this.liveRuns++;
      setImmediate(() => this.run(live));
    }
  }

  /** A run left the runner: finished, failed, stopped or hibernating. */
  private runEnded(live: Live, generation: number): void {
    this.liveRuns--;
    if (generation === live.generation && !live.hibernating) live.scheduled = false;
    this.pump();
  }

  /**
   * Takes an execution whose every branch waits out of the runner: its run is aborted and only
   * its record (journal, open tokens, timers) stays. An answer or a timer wakes it.
   */
  private hibernate(live: Live): void {
    if (
      this.stopped ||
      live.hibernating ||
      live.record.status !== 'RUNNING' ||
      live.activeTasks > 0 ||
      live.parkedTasks === 0
    )
      return;
    live.hibernating = true;
    live.abort?.();
    live.abort = undefined;
    // The runner arms a timer per task that only ends with the task: each waiting task is ended
    // (with nothing; the aborted run goes no further), so that the run, its timers and its
    // closures can all go. The entries keep their outcome: the answer still goes to the journal.
    const ended: ((value: Json) => void)[] = [...live.waits.values()];
    live.waits.clear();
    for (const entry of live.record.journal) {
      if (entry.outcome.type !== 'parked') continue;
      const parked = this.tokens.get(entry.outcome.token);
      if (parked && parked !== 'closed' && parked.waiter) {
        ended.push(parked.waiter.resolve);
        parked.waiter = undefined;
      }
    }
    for (const end of ended) end(null);
    this.changed(live);
  }

  /** Runs a hibernating execution again from its journal, up to where it now goes on. */
  private wake(live: Live): void {
    if (!live.hibernating || live.record.status !== 'RUNNING') return;
    live.hibernating = false;
    live.scheduled = false;
    live.counts = new Map();
    live.issued.clear();
    this.schedule(live);
  }

  private run(live: Live): void {
    if (this.stopped) {
      this.liveRuns--;
      return;
    }
    const record = live.record;
    const generation = ++live.generation;
    const overrides = Object.fromEntries(
      [...this.tasks.keys()].map((state) => [
        state,
        (input: Json) => this.runTask(live, state, input, generation),
      ]),
    );
    // The runner retries at once: runTask waits out each Retry interval on the local clock.
    const retryIntervalOverrides = new Proxy({}, { get: () => 0 });
    const context = {
      Execution: {
        Id: record.executionArn,
        Name: record.name,
        RoleArn: `arn:aws:iam::000000000000:role/local-state-machine`,
        RedriveCount: 0,
      },
      StateMachine: { Id: this.options.stateMachineArn, Name: this.options.stateMachineName },
      Task: {
        get Token(): string {
          const token = newToken();
          live.issued.add(token);
          return token;
        },
      },
    };
    const execution = this.machine.run(JSON.parse(record.input) as Json as never, {
      overrides: {
        taskResourceLocalHandlers: overrides as never,
        retryIntervalOverrides: retryIntervalOverrides as never,
      },
      context,
    });
    live.abort = execution.abort;
    void this.countTransitions(live, execution.eventLogs);
    execution.result.then(
      (output) => {
        this.runEnded(live, generation);
        this.finish(live, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) });
      },
      (error: unknown) => {
        this.runEnded(live, generation);
        if (this.stopped || error instanceof ExecutionAbortedError) return;
        if (error instanceof ExecutionTimeoutError) {
          this.finish(live, { status: 'TIMED_OUT', error: 'States.Timeout', cause: '' });
          return;
        }
        const cause =
          error instanceof ExecutionError && error.cause instanceof Error
            ? error.cause
            : (error as Error);
        const message =
          cause.message === 'Execution failed because of a Fail state' ? '' : cause.message;
        this.finish(live, { status: 'FAILED', error: cause.name, cause: message });
      },
    );
    this.changed(live);
  }

  private finish(
    live: Live,
    end: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>,
  ): void {
    if (live.record.status !== 'RUNNING' || this.stopped) return;
    Object.assign(live.record, end, { stopDate: this.options.now() });
    for (const key of ['output', 'error', 'cause'] as const)
      if (live.record[key] === undefined) delete live.record[key];
    for (const entry of live.record.journal) {
      if (entry.outcome.type === 'parked') {
        const parked = this.tokens.get(entry.outcome.token);
        if (parked && parked !== 'closed') for (const cancel of parked.cancelTimers) cancel();
        this.tokens.set(entry.outcome.token, 'closed');
        entry.closedToken = entry.outcome.token;
      }
    }
    this.save(live);
    this.log(
      `Execution ${live.record.name}: ${live.record.status}${live.record.error ? ` (${live.record.error})` : ''}`,
    );
    this.changed(live);
  }

  /** The task override: answers from the journal when replaying, runs the task otherwise. */
  private async runTask(live: Live, state: string, input: Json, generation: number): Promise<Json> {
    // A run that left the runner may still retry or leave the task it was in: it does nothing.
    if (generation !== live.generation || live.hibernating) return null;
    const seq = live.counts.get(state) ?? 0;
    live.counts.set(state, seq + 1);
    const info = this.tasks.get(state);
    if (!info)
      throw new TaskFailure('States.Runtime', `The local stack has no runner for state ${state}`);

    const recorded = live.record.journal.find((e) => e.state === state && e.seq === seq);
    if (recorded) {
      live.issued.clear(); // a token from replaying Parameters is never used
      const parked =
        recorded.outcome.type === 'parked' &&
        !recorded.outcome.invoked &&
        this.tokens.get(recorded.outcome.token);
      if (parked && parked !== 'closed') {
        // Stopped while the task's Lambda ran: call it again with the same token, as a retried
        // invocation would be (the handlers are idempotent per token).
        live.activeTasks++;
        try {
          return await this.invokeParked(live, state, info, recorded, parked, input);
        } finally {
          live.activeTasks--;
        }
      }
      return this.answer(live, recorded);
    }

    // A retry: first the rule's interval, on the local clock (journaled, so a restart or a
    // hibernation in between resumes the same wait), then the attempt.
    if (!(await this.waitBeforeRetry(live, state, seq, info))) return null;
    if (generation !== live.generation || live.hibernating) return null;

    live.activeTasks++;
    this.changed(live);
    try {
      switch (info.kind) {
        case 'lambda':
          return this.record(live, state, seq, await this.call(info, state, input));
        case 'lambdaInvoke': {
          const payload = await this.call(
            info,
            state,
            (input as { Payload?: Json }).Payload ?? null,
            input,
          );
          return this.record(live, state, seq, {
            ExecutedVersion: '$LATEST',
            Payload: payload,
            SdkHttpMetadata: { HttpStatusCode: 200 },
            SdkResponseMetadata: { RequestId: randomUUID() },
            StatusCode: 200,
          });
        }
        case 'lambdaInvokeWait':
          return await this.park(live, state, seq, info, input);
        case 'wait':
          return await this.wait(live, state, seq, input);
      }
    } catch (error) {
      if (
        error instanceof Error &&
        !(error instanceof TaskFailure) &&
        !(error instanceof FunctionError)
      )
        throw error;
      const failure = error as Error;
      if (!live.record.journal.some((e) => e.state === state && e.seq === seq)) {
        this.append(live, {
          state,
          seq,
          outcome: { type: 'error', error: failure.name, cause: failure.message },
        });
      }
      throw failure;
    } finally {
      live.activeTasks--;
      this.changed(live);
    }
  }

  private async call(
    info: TaskInfo,
    state: string,
    payload: Json,
    parameters?: Json,
  ): Promise<Json> {
    const name =
      info.kind === 'lambda'
        ? info.functionName
        : (parameters as { FunctionName?: unknown })?.FunctionName;
    const key = typeof name === 'string' ? this.options.functionByName(name) : undefined;
    if (!key)
      throw new TaskFailure(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${String(name)} (state ${state})`,
      );
    return (await this.options.invoke(key, payload)) as Json;
  }

  private record(live: Live, state: string, seq: number, value: Json): Json {
    this.append(live, { state, seq, outcome: { type: 'result', value } });
    return value;
  }

  private append(live: Live, entry: JournalEntry): void {
    if (live.record.status !== 'RUNNING') return;
    live.record.journal.push(entry);
    this.save(live);
  }

  /** .waitForTaskToken: open the token, invoke the Lambda, then wait for SendTask*. */
  private async park(
    live: Live,
    state: string,
    seq: number,
    info: TaskInfo,
    input: Json,
  ): Promise<Json> {
    const payload = (input as { Payload?: Json }).Payload ?? null;
    const token = findToken(payload, live.issued) ?? newToken();
    live.issued.clear();
    const now = this.options.now();
    const entry: JournalEntry = {
      state,
      seq,
      outcome: {
        type: 'parked',
        token,
        payload,
        ...(info.timeoutSeconds ? { timeoutAt: now + info.timeoutSeconds * 1000 } : {}),
        ...(info.heartbeatSeconds ? { heartbeatAt: now + info.heartbeatSeconds * 1000 } : {}),
      },
    };
    // Open the token before the Lambda runs: an answer may come before the Lambda returns.
    this.append(live, entry);
    return this.invokeParked(live, state, info, entry, this.openToken(live, entry), input);
  }

  /** Calls a parked task's Lambda, marks it called, then waits for the answer to its token. */
  private async invokeParked(
    live: Live,
    state: string,
    info: TaskInfo,
    entry: JournalEntry,
    parked: Parked,
    input: Json,
  ): Promise<Json> {
    const payload = entry.outcome.type === 'parked' ? entry.outcome.payload : null;
    try {
      await this.call(info, state, payload, input);
    } catch (error) {
      if (entry.outcome.type === 'parked') {
        this.close(
          parked,
          { type: 'error', error: (error as Error).name, cause: (error as Error).message },
          false,
        );
      }
      throw error;
    }
    if (entry.outcome.type === 'parked') {
      entry.outcome.invoked = true;
      this.save(live);
    }
    live.activeTasks--;
    try {
      return await this.answer(live, entry);
    } finally {
      live.activeTasks++;
    }
  }

  /**
   * Before attempt `seq` of a task: if the attempts just before it failed and a Retry rule retries
   * them, waits the rule's interval (its backoff for this attempt) on the local clock, as a Wait
   * state waits. Answers false if the run left the runner meanwhile (it replays from the journal).
   */
  private async waitBeforeRetry(
    live: Live,
    state: string,
    seq: number,
    info: TaskInfo,
  ): Promise<boolean> {
    if (!info.retry || seq === 0) return true;
    const key = `${state}${RETRY_WAIT_SUFFIX}`;
    let entry = live.record.journal.find((e) => e.state === key && e.seq === seq);
    if (!entry) {
      // The errors of this entry into the state: the attempts right before this one that failed.
      const errors: string[] = [];
      for (let earlier = seq - 1; earlier >= 0; earlier--) {
        const outcome = live.record.journal.find(
          (e) => e.state === state && e.seq === earlier,
        )?.outcome;
        if (outcome?.type !== 'error') break;
        errors.unshift(outcome.error);
      }
      const seconds = retryDelaySeconds(info.retry, errors);
      if (!seconds) return true;
      entry = {
        state: key,
        seq,
        outcome: { type: 'waiting', until: this.options.now() + seconds * 1000, input: null },
      };
      this.append(live, entry);
    }
    const generation = live.generation;
    await this.answer(live, entry);
    return generation === live.generation && !live.hibernating;
  }

  /** A Wait state (rewritten as a Task): done when the local clock reaches its time. */
  private async wait(live: Live, state: string, seq: number, input: Json): Promise<Json> {
    const p = input as { input: Json; seconds?: number; timestamp?: string };
    const until =
      p.timestamp !== undefined
        ? Date.parse(p.timestamp)
        : this.options.now() + (p.seconds ?? 0) * 1000;
    if (!Number.isFinite(until))
      throw new TaskFailure('States.Runtime', `Invalid Wait time in state ${state}`);
    const entry: JournalEntry = { state, seq, outcome: { type: 'waiting', until, input: p.input } };
    this.append(live, entry);
    live.activeTasks--;
    try {
      return await this.answer(live, entry);
    } finally {
      live.activeTasks++;
    }
  }

  /** What a journal entry says the task returned; waits if it is still parked or waiting. */
  private answer(live: Live, entry: JournalEntry): Promise<Json> {
    const outcome = entry.outcome;
    switch (outcome.type) {
      case 'result':
        return Promise.resolve(outcome.value);
      case 'error':
        return Promise.reject(new TaskFailure(outcome.error, outcome.cause));
      case 'waiting': {
        live.parkedTasks++;
        this.changed(live);
        return new Promise<Json>((resolve) => {
          live.waits.set(entry, resolve);
          if (this.armed.has(entry)) return;
          this.armed.add(entry);
          this.options.addTimer(outcome.until, `Wait "${entry.state}" in ${live.record.name}`, () =>
            this.endWait(live, entry),
          );
        }).finally(() => {
          live.parkedTasks--;
          this.changed(live);
        });
      }
      case 'parked': {
        const parked = this.tokens.get(outcome.token);
        if (!parked || parked === 'closed')
          return Promise.reject(new TaskFailure('States.Runtime', 'Lost task token'));
        live.parkedTasks++;
        this.changed(live);
        return new Promise<Json>((resolve, reject) => {
          parked.waiter = { resolve, reject };
        }).finally(() => {
          live.parkedTasks--;
          this.changed(live);
        });
      }
    }
  }

  /** A Wait state's time has come: the run goes on, or wakes if it was hibernating. */
  private endWait(live: Live, entry: JournalEntry): void {
    const outcome = entry.outcome;
    if (live.record.status !== 'RUNNING' || outcome.type !== 'waiting') return;
    entry.outcome = { type: 'result', value: outcome.input };
    this.save(live);
    const resume = live.waits.get(entry);
    live.waits.delete(entry);
    if (resume) resume(outcome.input);
    else this.wake(live);
  }

  private openToken(live: Live, entry: JournalEntry): Parked {
    const outcome = entry.outcome as Extract<Outcome, { type: 'parked' }>;
    const parked: Parked = { live, entry, cancelTimers: [] };
    this.tokens.set(outcome.token, parked);
    this.armTimers(parked);
    return parked;
  }

  private armTimers(parked: Parked): void {
    for (const cancel of parked.cancelTimers) cancel();
    parked.cancelTimers = [];
    const outcome = parked.entry.outcome;
    if (outcome.type !== 'parked') return;
    const label = `time-out of "${parked.entry.state}" in ${parked.live.record.name}`;
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

  private openParked(token: string | undefined): Parked {
    if (!token || !TOKEN_PATTERN.test(token))
      throw new SfnApiError('InvalidToken', 'Invalid Token');
    const parked = this.tokens.get(token);
    if (parked === 'closed')
      throw new SfnApiError(
        'TaskTimedOut',
        "Task Timed Out: 'Provided task does not exist anymore'",
      );
    if (!parked) throw new SfnApiError('TaskDoesNotExist', 'Task does not exist');
    return parked;
  }

  /** Ends a parked task with an outcome and hands it to the waiting run, if it waits already. */
  private close(parked: Parked, outcome: Outcome, deliver = true): void {
    const open = parked.entry.outcome;
    if (open.type !== 'parked') return;
    for (const cancel of parked.cancelTimers) cancel();
    this.tokens.set(open.token, 'closed');
    parked.entry.outcome = outcome;
    parked.entry.closedToken = open.token;
    this.save(parked.live);
    if (deliver && parked.waiter) {
      if (outcome.type === 'result') parked.waiter.resolve(outcome.value);
      else if (outcome.type === 'error')
        parked.waiter.reject(new TaskFailure(outcome.error, outcome.cause));
    }
    parked.waiter = undefined;
    if (deliver) this.wake(parked.live);
    this.changed(parked.live);
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  private checkMachine(arn: string | undefined): void {
    if (arn !== this.options.stateMachineArn) {
      throw new SfnApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${String(arn)}'`,
      );
    }
  }

  private find(arn: string | undefined): Live {
    const name = typeof arn === 'string' ? arn.split(':').at(-1) : undefined;
    const live = name !== undefined ? this.executions.get(name) : undefined;
    if (!live || live.record.executionArn !== arn) {
      throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    }
    return live;
  }

  private save(live: Live): void {
    if (this.stopped) return;
    this.file?.append(live.record);
  }

  private changed(live: Live): void {
    if (isBusy(live)) this.busy.add(live);
    else this.busy.delete(live);
    // Everything it does waits: out of the runner, once the transitions in flight are done.
    if (live.scheduled && !live.hibernating && live.parkedTasks > 0 && live.activeTasks === 0)
      setImmediate(() => this.hibernate(live));
    this.events.emit('change');
  }

  /**
   * Counts the states each execution enters, from the runner's event log. A run that replays its
   * journal enters again the states counted before (the same path, in the same order), so only
   * those past the execution's count are new.
   */
  private async countTransitions(
    live: Live,
    events: AsyncIterable<{ type: string }>,
  ): Promise<void> {
    let entered = 0;
    try {
      for await (const event of events) {
        if (event.type !== 'StateEntered') continue;
        entered++;
        if (entered > live.counted) {
          live.counted = entered;
          this.transitions++;
        }
      }
    } catch {
      // The log ends with the execution, however it ends.
    }
  }
}

/** Journal entries of the wait before a retry are kept under the state's name with this suffix. */
const RETRY_WAIT_SUFFIX = ' (retry wait)';

function isBusy(live: Live): boolean {
  return (
    live.record.status === 'RUNNING' &&
    !live.hibernating &&
    (live.activeTasks > 0 || live.parkedTasks === 0)
  );
}

export { LOCAL_WAIT_RESOURCE };
