// The state machine of the template, run locally by aws-local-stepfunctions, with what that library
// lacks added around it: task tokens (.waitForTaskToken), executions that survive a restart, AWS's
// idempotent StartExecution, time-outs, Wait states and the waits between Retry attempts on the
// local clock. This is the face the local Step Functions endpoint (sfn-api.ts) and the stack see:
// it answers the API in AWS's words and hands the work to the rooms behind it:
// - stepfunctions-journal.ts: what each execution recorded, kept in <dir>/executions.jsonl;
// - stepfunctions-runner.ts: one execution's run, its tasks answered from the journal or run;
// - stepfunctions-tokens.ts: task tokens, parked tasks and their time-outs on the local clock;
// - stepfunctions-waits.ts: Wait states and Retry intervals on the local clock;
// - stepfunctions-queue.ts: how many runs are live, hibernation of waiting ones, idleness.

import { randomUUID } from 'node:crypto';

import type { FunctionName } from '../functions.js';
import { LOCAL_WAIT_RESOURCE, prepareDefinition } from './asl.js';
import { ExecutionJournal, type ExecutionRecord } from './stepfunctions-journal.js';
import { RunQueue } from './stepfunctions-queue.js';
import { ExecutionRunner, type Live, liveExecution } from './stepfunctions-runner.js';
import { isTokenShaped, type Parked, TaskTokens } from './stepfunctions-tokens.js';
import { ClockWaits } from './stepfunctions-waits.js';
import { executionArn, type Json, type StateMachineDefinition } from './template.js';

export type { ExecutionRecord, ExecutionStatus } from './stepfunctions-journal.js';
export { MAX_LIVE_RUNS } from './stepfunctions-queue.js';

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

// biome-ignore lint/suspicious/noControlCharactersInRegex: execution names must not hold control characters, as in AWS.
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

function parseJson(text: string, code: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new SfnApiError(code, `Invalid ${what}: not valid JSON`);
  }
}

export class LocalStepFunctions {
  private readonly executions = new Map<string, Live>();
  private readonly log: (message: string) => void;
  private readonly journal: ExecutionJournal;
  private readonly tokens: TaskTokens<Live>;
  private readonly queue: RunQueue<Live>;
  private readonly runner: ExecutionRunner;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    const prepared = prepareDefinition(options.definition);
    this.log = options.log ?? (() => {});
    this.journal = new ExecutionJournal(options.dir);
    this.queue = new RunQueue<Live>({
      start: (live) => this.runner.run(live),
      release: (live) => this.runner.release(live),
      rewind: (live) => this.runner.rewind(live),
      maxLiveRuns: options.maxLiveRuns,
    });
    this.tokens = new TaskTokens<Live>({
      journal: this.journal,
      tasks: prepared.tasks,
      now: options.now,
      addTimer: options.addTimer,
      closed: (live, delivered) => {
        if (delivered) this.queue.wake(live);
        this.queue.changed(live);
      },
    });
    this.runner = new ExecutionRunner({
      stateMachineArn: options.stateMachineArn,
      stateMachineName: options.stateMachineName,
      prepared,
      journal: this.journal,
      tokens: this.tokens,
      waits: new ClockWaits<Live>({
        journal: this.journal,
        now: options.now,
        addTimer: options.addTimer,
        wake: (live) => this.queue.wake(live),
      }),
      queue: this.queue,
      invoke: options.invoke,
      functionByName: options.functionByName,
      now: options.now,
      log: this.log,
    });
  }

  get stateMachineArn(): string {
    return this.options.stateMachineArn;
  }

  get stateMachineName(): string {
    return this.options.stateMachineName;
  }

  /** State transitions so far (states entered), as Step Functions bills Standard workflows. */
  get transitions(): number {
    return this.runner.transitions;
  }

  /** Whether this service handed out the token (open or closed). */
  knowsToken(token: string | undefined): boolean {
    return this.tokens.knows(token);
  }

  /** Loads the executions kept in `dir` and resumes the unfinished ones. */
  resumeAll(): void {
    for (const record of this.journal.load()) {
      const live = this.track(record);
      this.tokens.restore(live);
      if (record.status === 'RUNNING') {
        this.log(`Resuming execution ${record.name}`);
        this.queue.schedule(live);
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
    this.journal.save(record);
    // The caller gets its answer first; the execution's steps run after, off its path, as in AWS.
    this.queue.schedule(live);
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
      this.runner.finish(live, { status: 'ABORTED', error: request.error, cause: request.cause });
      live.abort?.();
    }
    return { stopDate: live.record.stopDate ?? this.options.now() };
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }): void {
    const parked = this.parked(request.taskToken);
    const value = parseJson(request.output ?? '', 'InvalidOutput', 'output');
    this.tokens.close(parked, { type: 'result', value });
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }): void {
    const parked = this.parked(request.taskToken);
    this.tokens.close(parked, {
      type: 'error',
      error: request.error ?? '',
      cause: request.cause ?? '',
    });
  }

  sendTaskHeartbeat(request: { taskToken?: string }): void {
    this.tokens.heartbeat(this.parked(request.taskToken));
  }

  // ---- Idleness --------------------------------------------------------------------------------

  /** True when no execution is doing anything but waiting (for a token or the clock). */
  isIdle(): boolean {
    return this.queue.isIdle();
  }

  /** Resolves once the service is idle (checked again a moment later, to let transitions finish). */
  waitForIdle(timeoutMs = Infinity): Promise<boolean> {
    return this.queue.waitForIdle(timeoutMs);
  }

  /**
   * Stops every run in this process (their records stay; a new instance resumes them). Resolves
   * once everything recorded is in the file.
   */
  async stop(): Promise<void> {
    this.queue.stop();
    const kept = this.journal.stop();
    this.tokens.stop();
    for (const live of this.executions.values()) live.abort?.();
    await kept;
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  private track(record: ExecutionRecord): Live {
    const live = liveExecution(record);
    this.executions.set(record.name, live);
    return live;
  }

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

  /** The task parked on a token that SendTask* answers, or the error AWS gives. */
  private parked(token: string | undefined): Parked<Live> {
    if (!token || !isTokenShaped(token)) throw new SfnApiError('InvalidToken', 'Invalid Token');
    const parked = this.tokens.lookup(token);
    if (parked === 'closed')
      throw new SfnApiError(
        'TaskTimedOut',
        "Task Timed Out: 'Provided task does not exist anymore'",
      );
    if (!parked) throw new SfnApiError('TaskDoesNotExist', 'Task does not exist');
    return parked;
  }
}

export { LOCAL_WAIT_RESOURCE };
