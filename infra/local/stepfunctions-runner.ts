// One local execution's run through aws-local-stepfunctions, with its Task states answered here:
// from the journal while a run replays what an earlier run did; otherwise by calling the Lambda
// in-process, by parking on a task token for .waitForTaskToken (stepfunctions-tokens.ts), or by
// waiting on the local clock for a Wait state or a Retry interval (stepfunctions-waits.ts). A run
// replays to the point where its execution stopped because the definition's Choice/Pass logic is
// deterministic: it takes the same path. An interrupted Lambda is called again (Lambda is
// at-least-once in AWS too).

import { randomUUID } from 'node:crypto';

import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
} from 'aws-local-stepfunctions';

import type { FunctionName } from '../functions.js';
import type { PreparedDefinition, TaskInfo } from './asl.js';
import { FunctionError } from './lambda.js';
import {
  endRecord,
  entryAt,
  type ExecutionJournal,
  type ExecutionRecord,
  type JournalEntry,
  replay,
  TaskFailure,
} from './stepfunctions-journal.js';
import type { QueuedRun, RunQueue } from './stepfunctions-queue.js';
import type { Parked, TaskTokens } from './stepfunctions-tokens.js';
import type { ClockWaits } from './stepfunctions-waits.js';
import type { Json } from './template.js';

/** An execution in this process: its record, and the state of its current run. */
export interface Live extends QueuedRun {
  readonly record: ExecutionRecord;
  /** Per task state: how many times it has been entered in this run. */
  counts: Map<string, number>;
  /** State transitions counted for this execution in this process (a replay enters them again). */
  counted: number;
}

export function liveExecution(record: ExecutionRecord): Live {
  return {
    record,
    counts: new Map(),
    activeTasks: 0,
    parkedTasks: 0,
    scheduled: false,
    hibernating: false,
    counted: 0,
    generation: 0,
  };
}

export interface ExecutionRunnerOptions {
  stateMachineArn: string;
  stateMachineName: string;
  prepared: PreparedDefinition;
  journal: ExecutionJournal;
  tokens: TaskTokens<Live>;
  waits: ClockWaits<Live>;
  queue: RunQueue<Live>;
  invoke: (key: FunctionName, payload: unknown) => Promise<unknown>;
  functionByName: (nameOrArn: string) => FunctionName | undefined;
  now: () => number;
  log: (message: string) => void;
}

export class ExecutionRunner {
  private readonly machine: StateMachine;
  private readonly tasks: Map<string, TaskInfo>;
  private readonly journal: ExecutionJournal;
  private readonly tokens: TaskTokens<Live>;
  private readonly waits: ClockWaits<Live>;
  private readonly queue: RunQueue<Live>;
  /** State transitions so far (states entered), as Step Functions bills Standard workflows. */
  transitions = 0;

  constructor(private readonly options: ExecutionRunnerOptions) {
    this.tasks = options.prepared.tasks;
    // The definition was checked by unsupportedFeatures(); the library's own validator knows
    // neither our Wait rewrite nor every field CDK writes.
    this.machine = new StateMachine(options.prepared.definition as never, {
      validationOptions: { noValidate: true },
    });
    this.journal = options.journal;
    this.tokens = options.tokens;
    this.waits = options.waits;
    this.queue = options.queue;
  }

  /** Starts a run of the execution in the library (the queue's turn has come). */
  run(live: Live): void {
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
    const tokens = this.tokens;
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
          return tokens.issue(live);
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
        this.queue.ended(live, generation);
        this.finish(live, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) });
      },
      (error: unknown) => {
        this.queue.ended(live, generation);
        if (this.queue.stopped || error instanceof ExecutionAbortedError) return;
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
    this.queue.changed(live);
  }

  /** Ends the execution (its run ended, or StopExecution): its tokens close, its record is kept. */
  finish(live: Live, end: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>): void {
    if (live.record.status !== 'RUNNING' || this.queue.stopped) return;
    endRecord(live.record, end, this.options.now());
    this.tokens.closeAll(live.record);
    this.journal.save(live.record);
    this.options.log(
      `Execution ${live.record.name}: ${live.record.status}${live.record.error ? ` (${live.record.error})` : ''}`,
    );
    this.queue.changed(live);
  }

  /**
   * The run leaves the runner (it was aborted): each waiting task is ended (with nothing; the
   * aborted run goes no further), because the library arms a timer per task that only ends with
   * the task, so that the run, its timers and its closures can all go. The entries keep their
   * outcome: the answer still goes to the journal.
   */
  release(live: Live): void {
    const ended = [...this.waits.detach(live), ...this.tokens.detach(live)];
    for (const end of ended) end(null);
  }

  /** Before a run that replays the journal from the start. */
  rewind(live: Live): void {
    live.counts = new Map();
    this.tokens.forgetIssued(live);
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

    const recorded = entryAt(live.record, state, seq);
    if (recorded) {
      this.tokens.forgetIssued(live); // a token from replaying Parameters is never used
      const parked =
        recorded.outcome.type === 'parked' &&
        !recorded.outcome.invoked &&
        this.tokens.lookup(recorded.outcome.token);
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
    this.queue.changed(live);
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
      if (!entryAt(live.record, state, seq)) {
        this.journal.append(live.record, {
          state,
          seq,
          outcome: { type: 'error', error: failure.name, cause: failure.message },
        });
      }
      throw failure;
    } finally {
      live.activeTasks--;
      this.queue.changed(live);
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
    this.journal.append(live.record, { state, seq, outcome: { type: 'result', value } });
    return value;
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
    const entry = this.tokens.parkedEntry(live, state, seq, payload);
    // Open the token before the Lambda runs: an answer may come before the Lambda returns.
    this.journal.append(live.record, entry);
    return this.invokeParked(live, state, info, entry, this.tokens.open(live, entry), input);
  }

  /** Calls a parked task's Lambda, marks it called, then waits for the answer to its token. */
  private async invokeParked(
    live: Live,
    state: string,
    info: TaskInfo,
    entry: JournalEntry,
    parked: Parked<Live>,
    input: Json,
  ): Promise<Json> {
    const payload = entry.outcome.type === 'parked' ? entry.outcome.payload : null;
    try {
      await this.call(info, state, payload, input);
    } catch (error) {
      if (entry.outcome.type === 'parked') {
        this.tokens.close(
          parked,
          { type: 'error', error: (error as Error).name, cause: (error as Error).message },
          false,
        );
      }
      throw error;
    }
    if (entry.outcome.type === 'parked') {
      entry.outcome.invoked = true;
      this.journal.save(live.record);
    }
    live.activeTasks--;
    try {
      return await this.answer(live, entry);
    } finally {
      live.activeTasks++;
    }
  }

  /**
   * Before attempt `seq` of a task: the Retry rule's interval, if one retries the attempts just
   * before it. Answers false if the run left the runner meanwhile (it replays from the journal).
   */
  private async waitBeforeRetry(
    live: Live,
    state: string,
    seq: number,
    info: TaskInfo,
  ): Promise<boolean> {
    if (!info.retry || seq === 0) return true;
    const entry = this.waits.retryWait(live.record, state, seq, info.retry);
    if (!entry) return true;
    const generation = live.generation;
    await this.answer(live, entry);
    return generation === live.generation && !live.hibernating;
  }

  /** A Wait state (rewritten as a Task): done when the local clock reaches its time. */
  private async wait(live: Live, state: string, seq: number, input: Json): Promise<Json> {
    const entry = this.waits.waitState(live.record, state, seq, input);
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
      case 'error':
        return replay(outcome);
      case 'waiting':
        return this.waiting(live, () => this.waits.answer(live, entry, outcome.until));
      case 'parked': {
        const parked = this.tokens.lookup(outcome.token);
        if (!parked || parked === 'closed')
          return Promise.reject(new TaskFailure('States.Runtime', 'Lost task token'));
        return this.waiting(live, () => this.tokens.answer(parked));
      }
    }
  }

  /** A task of the run waits (for a token or the clock): counted as such until it has its answer. */
  private waiting(live: Live, answer: () => Promise<Json>): Promise<Json> {
    live.parkedTasks++;
    this.queue.changed(live);
    return answer().finally(() => {
      live.parkedTasks--;
      this.queue.changed(live);
    });
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
