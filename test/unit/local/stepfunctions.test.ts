// The local Step Functions service with stand-in handlers: task tokens, durability across restarts,
// AWS's idempotent StartExecution, errors by name, and time on the local clock.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ListExecutionsCommand,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';

import type { FunctionName } from '../../../infra/functions.js';
import { LocalLambdas, type Handler } from '../../../infra/local/lambda.js';
import { LocalScheduler } from '../../../infra/local/scheduler.js';
import { startSfnServer } from '../../../infra/local/sfn-api.js';
import { LocalStepFunctions, SfnApiError } from '../../../infra/local/stepfunctions.js';
import { readTemplate, type StateMachineDefinition } from '../../../infra/local/template.js';
import { LOGICAL_IDS, fixtureTemplate, reviewDefinition } from '../../support/fixture-template.js';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const INPUT = JSON.stringify({ applicationId: 'AN-1', programme: 'alis-nord' });

type Calls = { key: FunctionName; payload: Record<string, unknown> }[];

const dirs: string[] = [];
const services: LocalStepFunctions[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-sfn-'));
  dirs.push(dir);
  return dir;
}

/** The service over the fixture template, with recording stand-in handlers and a hand-moved clock. */
function service(
  options: {
    dir?: string;
    definition?: object;
    handlers?: Partial<Record<FunctionName, Handler>>;
    calls?: Calls;
    maxLiveRuns?: number;
  } = {},
) {
  const local = readTemplate(fixtureTemplate(options.definition ?? reviewDefinition()));
  const machine = local.stateMachines[0]!;
  const calls: Calls = options.calls ?? [];
  const clock = { now: T0 };
  const scheduler = new LocalScheduler([], clock.now);
  const recording =
    (key: FunctionName): Handler =>
    async (event, context) => {
      calls.push({ key, payload: event as Record<string, unknown> });
      return options.handlers?.[key]?.(event, context) ?? { ok: true };
    };
  const lambdas = new LocalLambdas(async (key) => recording(key));
  const sfn = new LocalStepFunctions({
    stateMachineArn: machine.arn,
    stateMachineName: machine.name,
    definition: machine.definition,
    dir: options.dir,
    invoke: (key, payload) => lambdas.invoke(key, payload),
    functionByName: local.functionByName,
    now: () => clock.now,
    addTimer: (at, label, fire) => scheduler.addTimer(at, label, fire),
    maxLiveRuns: options.maxLiveRuns,
  });
  services.push(sfn);
  /** Moves the clock and fires the timers due, as POST /_local/advance does. */
  const advanceTo = async (ms: number) => {
    for (let due = scheduler.nextDue(ms); due; due = scheduler.nextDue(ms)) {
      scheduler.markFired(due);
      clock.now = due.at;
      if (due.kind === 'timer') due.fire();
      await sfn.waitForIdle();
    }
    clock.now = ms;
  };
  return { sfn, calls, arn: machine.arn, clock, advanceTo };
}

const tokenOf = (calls: Calls, key: FunctionName, nth = -1) =>
  String(calls.filter((c) => c.key === key).at(nth)?.payload.taskToken);
const describeIt = (sfn: LocalStepFunctions, name: string) =>
  sfn.describeExecution({
    executionArn: `arn:aws:states:eu-north-1:000000000000:execution:${LOGICAL_IDS.stateMachine}:${name}`,
  });

function apiError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SfnApiError);
    return (error as SfnApiError).code;
  }
  throw new Error('expected an error');
}

describe('waitForTaskToken', () => {
  it('invokes the task’s Lambda with a fresh token, then waits for it', async () => {
    const { sfn, calls, arn } = service();
    sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT });
    await sfn.waitForIdle();

    expect(calls.map((c) => c.key)).toEqual(['notifyMunicipality', 'requestReview']);
    expect(calls[0]?.payload).toEqual({ applicationId: 'AN-1', notice: 'received' });
    expect(calls[1]?.payload).toEqual({
      applicationId: 'AN-1',
      taskToken: expect.stringMatching(/^AQ[\w-]{100,}$/),
    });
    expect(describeIt(sfn, 'AN-1').status).toBe('RUNNING');
    expect(sfn.isIdle()).toBe(true);
  });

  it('continues with SendTaskSuccess’s output at the ResultPath', async () => {
    const { sfn, calls, arn } = service();
    sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT });
    await sfn.waitForIdle();

    sfn.sendTaskSuccess({
      taskToken: tokenOf(calls, 'requestReview'),
      output: JSON.stringify({ decision: 'approve', comment: 'ok' }),
    });
    await sfn.waitForIdle();

    const done = describeIt(sfn, 'AN-1');
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({
      applicationId: 'AN-1',
      programme: 'alis-nord',
      review: { decision: 'approve', comment: 'ok' },
    });
    expect(calls.at(-1)?.payload).toEqual({ applicationId: 'AN-1', notice: 'approved' });
  });

  it('answers tokens as AWS does: malformed, unknown, already used', async () => {
    const { sfn, calls, arn } = service();
    sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT });
    await sfn.waitForIdle();
    const token = tokenOf(calls, 'requestReview');

    expect(apiError(() => sfn.sendTaskSuccess({ taskToken: 'nonsense', output: '{}' }))).toBe(
      'InvalidToken',
    );
    expect(
      apiError(() => sfn.sendTaskSuccess({ taskToken: `AQ${'x'.repeat(120)}`, output: '{}' })),
    ).toBe('TaskDoesNotExist');
    expect(apiError(() => sfn.sendTaskSuccess({ taskToken: token, output: 'not json' }))).toBe(
      'InvalidOutput',
    );

    sfn.sendTaskSuccess({ taskToken: token, output: '{"decision":"reject"}' });
    expect(
      apiError(() => sfn.sendTaskSuccess({ taskToken: token, output: '{"decision":"approve"}' })),
    ).toBe('TaskTimedOut');
    expect(apiError(() => sfn.sendTaskHeartbeat({ taskToken: token }))).toBe('TaskTimedOut');
    await sfn.waitForIdle();
    expect(describeIt(sfn, 'AN-1').status).toBe('SUCCEEDED');
  });

  it('does not lose an answer that comes while the Lambda still runs', async () => {
    let sfn!: LocalStepFunctions;
    const built = service({
      handlers: {
        requestReview: async (event) => {
          sfn.sendTaskSuccess({
            taskToken: (event as { taskToken: string }).taskToken,
            output: '{"decision":"reject"}',
          });
          return null;
        },
      },
    });
    sfn = built.sfn;
    sfn.startExecution({ stateMachineArn: built.arn, name: 'AN-1', input: INPUT });
    await sfn.waitForIdle();
    expect(describeIt(sfn, 'AN-1').status).toBe('SUCCEEDED');
    expect(built.calls.at(-1)?.payload.notice).toBe('rejected');
  });

  it('fails the task with SendTaskFailure’s error', async () => {
    const { sfn, calls, arn } = service();
    sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT });
    await sfn.waitForIdle();
    sfn.sendTaskFailure({
      taskToken: tokenOf(calls, 'requestReview'),
      error: 'ReviewerGone',
      cause: 'no one answered',
    });
    await sfn.waitForIdle();
    expect(describeIt(sfn, 'AN-1')).toMatchObject({
      status: 'FAILED',
      error: 'ReviewerGone',
      cause: 'no one answered',
    });
  });
});

describe('StartExecution', () => {
  it('is idempotent by name, as in AWS', async () => {
    const { sfn, calls, arn } = service();
    const first = sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT });
    const again = sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT });
    expect(again).toEqual(first);
    expect(
      apiError(() =>
        sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: '{"other":1}' }),
      ),
    ).toBe('ExecutionAlreadyExists');
    await sfn.waitForIdle();
    expect(sfn.list()).toHaveLength(1);
    expect(calls.filter((c) => c.key === 'requestReview')).toHaveLength(1);

    // A closed execution's name cannot be used again, whatever the input.
    sfn.sendTaskSuccess({
      taskToken: tokenOf(calls, 'requestReview'),
      output: '{"decision":"reject"}',
    });
    await sfn.waitForIdle();
    expect(
      apiError(() => sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT })),
    ).toBe('ExecutionAlreadyExists');
  });

  it('refuses bad requests with AWS’s error names', () => {
    const { sfn, arn } = service();
    expect(apiError(() => sfn.startExecution({ stateMachineArn: `${arn}x`, name: 'A' }))).toBe(
      'StateMachineDoesNotExist',
    );
    expect(apiError(() => sfn.startExecution({ stateMachineArn: arn, name: 'has space' }))).toBe(
      'InvalidName',
    );
    expect(
      apiError(() => sfn.startExecution({ stateMachineArn: arn, name: 'A', input: '{' })),
    ).toBe('InvalidExecutionInput');
    expect(
      apiError(() =>
        sfn.describeExecution({
          executionArn: 'arn:aws:states:eu-north-1:000000000000:execution:X:none',
        }),
      ),
    ).toBe('ExecutionDoesNotExist');
  });
});

describe('the executions file', () => {
  it('grows by the execution that changed, however many are kept', async () => {
    const dir = tempDir();
    const { sfn, arn } = service({ dir });
    for (let i = 0; i < 200; i++) {
      sfn.startExecution({ stateMachineArn: arn, name: `AN-${i}`, input: INPUT });
    }
    await sfn.waitForIdle();
    await sfn.stop();
    const file = path.join(dir, 'executions.jsonl');
    const before = fs.statSync(file);

    const next = service({ dir });
    next.sfn.resumeAll();
    await next.sfn.waitForIdle();
    const compacted = fs.statSync(file).size;
    next.sfn.startExecution({ stateMachineArn: next.arn, name: 'AN-new', input: INPUT });
    await next.sfn.waitForIdle();
    await next.sfn.stop();

    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const isNew = (line: string) => line.includes('"name":"AN-new"');
    // The start compacted the file to one line per execution; since then only the new one's
    // records (started, then each step) were appended: no other execution was written again.
    expect(lines.filter((l) => !isNew(l))).toHaveLength(200);
    expect(lines.filter(isNew).length).toBeGreaterThan(0);
    expect(fs.statSync(file).size - compacted).toBeLessThan(before.size / 20);
  });
});

describe('after a restart', () => {
  it('a parked execution waits on the same token at the same state, without calling its Lambda again', async () => {
    const dir = tempDir();
    const calls: Calls = [];
    const before = service({ dir, calls });
    before.sfn.startExecution({ stateMachineArn: before.arn, name: 'AN-1', input: INPUT });
    await before.sfn.waitForIdle();
    const token = tokenOf(calls, 'requestReview');
    await before.sfn.stop();

    const after = service({ dir, calls });
    after.sfn.resumeAll();
    await after.sfn.waitForIdle();
    expect(calls.map((c) => c.key)).toEqual(['notifyMunicipality', 'requestReview']); // nothing called again
    expect(describeIt(after.sfn, 'AN-1').status).toBe('RUNNING');

    after.sfn.sendTaskSuccess({
      taskToken: token,
      output: JSON.stringify({ decision: 'request-changes', comment: 'Mer om veiledning' }),
    });
    await after.sfn.waitForIdle();
    expect(calls.at(-1)).toEqual({
      key: 'requestChanges',
      payload: {
        applicationId: 'AN-1',
        taskToken: expect.any(String),
        comment: 'Mer om veiledning',
      },
    });
    const changesToken = tokenOf(calls, 'requestChanges');
    await after.sfn.stop();

    // And again, at the second parked task, after one answered before the restart.
    const third = service({ dir, calls });
    third.sfn.resumeAll();
    await third.sfn.waitForIdle();
    expect(calls).toHaveLength(3);
    expect(() => third.sfn.sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(
      /Task Timed Out/,
    );
    third.sfn.sendTaskSuccess({ taskToken: changesToken, output: '{"outcome":"amended"}' });
    await third.sfn.waitForIdle();
    // Back to review: a new review round, with a new token.
    expect(calls.map((c) => c.key)).toEqual([
      'notifyMunicipality',
      'requestReview',
      'requestChanges',
      'requestReview',
    ]);
    const secondReview = tokenOf(calls, 'requestReview');
    expect(secondReview).not.toBe(token);
    third.sfn.sendTaskSuccess({ taskToken: secondReview, output: '{"decision":"approve"}' });
    await third.sfn.waitForIdle();
    const done = describeIt(third.sfn, 'AN-1');
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({
      review: { decision: 'approve' },
      changes: { outcome: 'amended' },
    });
  });

  it('a task whose Lambda was still running at the stop is called again, with the same token', async () => {
    const dir = tempDir();
    const calls: Calls = [];
    const before = service({
      dir,
      calls,
      handlers: { requestReview: () => new Promise(() => {}) },
    });
    before.sfn.startExecution({ stateMachineArn: before.arn, name: 'AN-1', input: INPUT });
    for (let i = 0; i < 50 && !calls.some((c) => c.key === 'requestReview'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const token = tokenOf(calls, 'requestReview');
    await before.sfn.stop();

    const after = service({ dir, calls });
    after.sfn.resumeAll();
    await after.sfn.waitForIdle();
    expect(calls.map((c) => c.key)).toEqual([
      'notifyMunicipality',
      'requestReview',
      'requestReview',
    ]);
    expect(tokenOf(calls, 'requestReview')).toBe(token);

    after.sfn.sendTaskSuccess({
      taskToken: token,
      output: JSON.stringify({ decision: 'approve' }),
    });
    await after.sfn.waitForIdle();
    expect(describeIt(after.sfn, 'AN-1').status).toBe('SUCCEEDED');
  });

  it('a finished execution stays finished, and a new one with its name is refused', async () => {
    const dir = tempDir();
    const first = service({ dir });
    first.sfn.startExecution({ stateMachineArn: first.arn, name: 'AN-1', input: INPUT });
    await first.sfn.waitForIdle();
    first.sfn.sendTaskSuccess({
      taskToken: tokenOf(first.calls, 'requestReview'),
      output: '{"decision":"reject"}',
    });
    await first.sfn.waitForIdle();
    await first.sfn.stop();

    const second = service({ dir });
    second.sfn.resumeAll();
    expect(describeIt(second.sfn, 'AN-1').status).toBe('SUCCEEDED');
    expect(second.calls).toEqual([]);
    expect(
      apiError(() =>
        second.sfn.startExecution({ stateMachineArn: second.arn, name: 'AN-1', input: INPUT }),
      ),
    ).toBe('ExecutionAlreadyExists');
  });
});

describe('errors by name', () => {
  const definition = (retryOn: string, catchOn: string): object => ({
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: '{{fn:notifyMunicipality}}',
        Retry: [{ ErrorEquals: [retryOn], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: [catchOn], ResultPath: '$.error', Next: 'Handled' }],
        End: true,
      },
      Handled: { Type: 'Pass', End: true },
    },
  });

  class Flaky extends Error {
    override name = 'Flaky';
  }
  class Broken extends Error {
    override name = 'Broken';
  }

  it('lets Retry and Catch match the name of the error the Lambda threw', async () => {
    let attempt = 0;
    const { sfn, arn, calls, advanceTo } = service({
      definition: definition('Flaky', 'Broken'),
      handlers: {
        notifyMunicipality: () => {
          attempt++;
          throw attempt === 1 ? new Flaky('try again') : new Broken('for good');
        },
      },
    });
    sfn.startExecution({ stateMachineArn: arn, name: 'E-1', input: '{}' });
    await sfn.waitForIdle();
    // The retry waits its interval on the local clock.
    expect(calls).toHaveLength(1);
    await advanceTo(T0 + 1000);
    const done = describeIt(sfn, 'E-1');
    expect(calls).toHaveLength(2);
    expect(done.status).toBe('SUCCEEDED');
    const error = (JSON.parse(done.output!) as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('Broken');
    expect(JSON.parse(error.Cause)).toMatchObject({
      errorType: 'Broken',
      errorMessage: 'for good',
    });
  });

  it('fails the execution with the error’s name when nothing catches it', async () => {
    const { sfn, arn } = service({
      definition: definition('Flaky', 'Broken'),
      handlers: {
        notifyMunicipality: () => {
          throw new TypeError('bad input');
        },
      },
    });
    sfn.startExecution({ stateMachineArn: arn, name: 'E-2', input: '{}' });
    await sfn.waitForIdle();
    const done = describeIt(sfn, 'E-2');
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('TypeError');
    expect(JSON.parse(done.cause!)).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'bad input',
    });
  });
});

describe('time on the local clock', () => {
  it('a Wait state ends when the local clock reaches it, even after a restart', async () => {
    const dir = tempDir();
    const waiting: StateMachineDefinition = {
      StartAt: 'Wait a day',
      States: {
        'Wait a day': { Type: 'Wait', Seconds: 86_400, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: '{{fn:notifyMunicipality}}',
          ResultPath: '$.result',
          End: true,
        },
      },
    };
    const first = service({ dir, definition: waiting });
    first.sfn.startExecution({ stateMachineArn: first.arn, name: 'W-1', input: '{"a":1}' });
    await first.sfn.waitForIdle();
    expect(first.calls).toEqual([]);
    await first.sfn.stop();

    const second = service({ dir, definition: waiting });
    second.sfn.resumeAll();
    await second.sfn.waitForIdle();
    await second.advanceTo(T0 + 86_399_000);
    expect(second.calls).toEqual([]);
    await second.advanceTo(T0 + 86_400_000);
    expect(second.calls).toEqual([{ key: 'notifyMunicipality', payload: { a: 1 } }]);
    expect(JSON.parse(describeIt(second.sfn, 'W-1').output!)).toEqual({
      a: 1,
      result: { ok: true },
    });
  });

  it('Retry waits its intervals, with their backoff, on the local clock, even after a restart', async () => {
    const dir = tempDir();
    const retrying: StateMachineDefinition = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: '{{fn:notifyMunicipality}}',
          Retry: [
            {
              ErrorEquals: ['States.TaskFailed'],
              IntervalSeconds: 2,
              MaxAttempts: 3,
              BackoffRate: 2,
            },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const failing = {
      notifyMunicipality: () => {
        throw new Error('SES is down');
      },
    };
    const first = service({ dir, definition: retrying, handlers: failing });
    first.sfn.startExecution({ stateMachineArn: first.arn, name: 'R-1', input: '{}' });
    await first.sfn.waitForIdle();
    expect(first.calls).toHaveLength(1);
    await first.advanceTo(T0 + 1_999);
    expect(first.calls).toHaveLength(1);
    await first.advanceTo(T0 + 2_000); // 2 s after the first attempt
    expect(first.calls).toHaveLength(2);
    await first.sfn.stop();

    // Restarted in the middle of the 4 s wait: the wait is journaled and goes on.
    const second = service({ dir, definition: retrying, handlers: failing });
    second.clock.now = T0 + 2_000;
    second.sfn.resumeAll();
    await second.sfn.waitForIdle();
    expect(second.calls).toHaveLength(0);
    await second.advanceTo(T0 + 5_999);
    expect(second.calls).toHaveLength(0);
    await second.advanceTo(T0 + 6_000);
    expect(second.calls).toHaveLength(1);
    expect(describeIt(second.sfn, 'R-1').status).toBe('RUNNING');
    await second.advanceTo(T0 + 13_999);
    expect(second.calls).toHaveLength(1);
    await second.advanceTo(T0 + 14_000); // then 8 s: the fourth and last attempt
    expect(second.calls).toHaveLength(2);
    expect(describeIt(second.sfn, 'R-1').status).toBe('SUCCEEDED');
    await second.advanceTo(T0 + 60_000);
    expect(second.calls).toHaveLength(2);
  });

  it('a waitForTaskToken task times out on the local clock, not the runner’s 60 s', async () => {
    const definition = reviewDefinition();
    Object.assign(definition.States['Request review']!, { TimeoutSeconds: 7 * 86_400 });
    const { sfn, calls, arn, advanceTo } = service({ definition });
    sfn.startExecution({ stateMachineArn: arn, name: 'AN-1', input: INPUT });
    await sfn.waitForIdle();

    await advanceTo(T0 + 6 * 86_400_000);
    expect(describeIt(sfn, 'AN-1').status).toBe('RUNNING');
    await advanceTo(T0 + 7 * 86_400_000);
    expect(describeIt(sfn, 'AN-1')).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(
      apiError(() =>
        sfn.sendTaskSuccess({ taskToken: tokenOf(calls, 'requestReview'), output: '{}' }),
      ),
    ).toBe('TaskTimedOut');
  });
});

describe('many executions', () => {
  /** Three reviews to the end, each answered in turn; what was called and how many transitions. */
  async function threeReviews(maxLiveRuns?: number) {
    const { sfn, calls, arn } = service({ maxLiveRuns });
    for (const n of [1, 2, 3]) {
      sfn.startExecution({
        stateMachineArn: arn,
        name: `AN-${n}`,
        input: JSON.stringify({ applicationId: `AN-${n}`, programme: 'alis-nord' }),
      });
    }
    await sfn.waitForIdle();
    const parked = calls.filter((c) => c.key === 'requestReview').length;
    for (const n of [1, 2, 3]) {
      const call = calls.find(
        (c) => c.key === 'requestReview' && c.payload.applicationId === `AN-${n}`,
      );
      sfn.sendTaskSuccess({
        taskToken: String(call?.payload.taskToken),
        output: JSON.stringify({ decision: 'approve', comment: 'ok' }),
      });
      await sfn.waitForIdle();
    }
    return {
      parked,
      calls: calls.map((c) => `${c.key} ${String(c.payload.applicationId)}`).sort(),
      statuses: [1, 2, 3].map((n) => describeIt(sfn, `AN-${n}`).status),
      transitions: sfn.transitions,
    };
  }

  it('holds only a few in the runner: a waiting one leaves it, and its answer replays it', async () => {
    const small = await threeReviews(1);
    const large = await threeReviews();
    // With room for one run at a time, all three still reach their review...
    expect(small.parked).toBe(3);
    // ...and finish as they do with room for all, no step called twice, no transition counted twice.
    expect(small.statuses).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(small.calls).toEqual(large.calls);
    expect(small.transitions).toBe(large.transitions);
  });

  it('wakes an execution that left the runner in a Wait state when the clock reaches it', async () => {
    const waiting: StateMachineDefinition = {
      StartAt: 'Wait a day',
      States: {
        'Wait a day': { Type: 'Wait', Seconds: 86_400, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: '{{fn:notifyMunicipality}}',
          ResultPath: '$.result',
          End: true,
        },
      },
    };
    const { sfn, calls, arn, advanceTo } = service({ definition: waiting, maxLiveRuns: 1 });
    for (const n of [1, 2]) {
      sfn.startExecution({ stateMachineArn: arn, name: `W-${n}`, input: `{"n":${n}}` });
    }
    await sfn.waitForIdle();
    expect(sfn.isIdle()).toBe(true);
    await advanceTo(T0 + 86_400_000);
    await sfn.waitForIdle();
    expect(calls.map((c) => c.payload).sort((a, b) => Number(a.n) - Number(b.n))).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
    expect(describeIt(sfn, 'W-1').status).toBe('SUCCEEDED');
    expect(describeIt(sfn, 'W-2').status).toBe('SUCCEEDED');
  });
});

describe('the AWS JSON 1.0 endpoint', () => {
  it('serves the unchanged SDK client', async () => {
    const { sfn, arn } = service();
    const server = await startSfnServer(sfn);
    const client = new SFNClient({
      endpoint: server.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    try {
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn: arn, name: 'AN-1', input: INPUT }),
      );
      expect(started.executionArn).toMatch(/:execution:.*:AN-1$/);
      expect(started.startDate).toEqual(new Date(T0));
      await expect(
        client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'AN-1', input: '{}' })),
      ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
      await sfn.waitForIdle();

      const described = await client.send(
        new DescribeExecutionCommand({ executionArn: started.executionArn }),
      );
      expect(described).toMatchObject({
        status: 'RUNNING',
        name: 'AN-1',
        input: INPUT,
        stateMachineArn: arn,
      });

      const listed = await client.send(
        new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }),
      );
      expect(listed.executions?.map((e) => e.name)).toEqual(['AN-1']);

      const wrong = client.send(
        new SendTaskSuccessCommand({ taskToken: `AQ${'y'.repeat(100)}`, output: '{}' }),
      );
      await expect(wrong).rejects.toBeInstanceOf(TaskDoesNotExist);
      await expect(wrong).rejects.toMatchObject({
        name: 'TaskDoesNotExist',
        $metadata: { httpStatusCode: 400 },
      });
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
