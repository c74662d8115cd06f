// The review state machine as the template carries it, resolved to plain JSON the way the local
// stack resolves it. Asserts its shape state by state instead of snapshotting the whole string.

import { describe, expect, test } from 'vitest';
import { STATE_NAMES } from '../../infra/constructs/workflow.js';
import { STOP_STATE_NAMES } from '../../infra/constructs/workflow-tasks.js';
import { stateMachineDefinition } from './definitions.js';

const { id: stateMachineId, definition, functionOf } = stateMachineDefinition('ApplicationReview');
const states = definition.States;

function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
  }
  return [];
}

describe('ApplicationReview definition', () => {
  test('has exactly the expected states, starting with the receipt', () => {
    expect(stateMachineId).toMatch(/^ApplicationReview/);
    expect(definition.StartAt).toBe('Send receipt');
    expect(Object.keys(states).sort()).toEqual(
      [...Object.values(STATE_NAMES), ...Object.values(STOP_STATE_NAMES)].sort(),
    );
  });

  test('uses JSONPath only: no JSONata, no Assign, no Distributed Map', () => {
    const keys = keysDeep(definition);
    expect(keys).not.toContain('QueryLanguage');
    expect(keys).not.toContain('Assign');
    expect(keys).not.toContain('ItemReader');
    expect(keys).not.toContain('ItemProcessor');
    expect(keys).not.toContain('Arguments');
    expect(keys).not.toContain('Output');
    expect(JSON.stringify(definition)).not.toContain('{%');
  });

  test.each([
    ['Send receipt', 'received', 'Await contact'],
    ['Notify approval', 'approved', 'Approved'],
    ['Notify rejection', 'rejected', 'Rejected'],
    ['Notify withdrawal', 'withdrawn', 'Notify reviewers of withdrawal'],
    ['Notify reviewers of withdrawal', 'withdrawn-reviewers', 'Withdrawn'],
  ])(
    '"%s" tells notifyMunicipality "%s", discards the result and goes to "%s"',
    (name, notice, next) => {
      const state = states[name]!;
      expect(state).toMatchObject({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        ResultPath: null,
        Next: next,
        Parameters: { Payload: { 'applicationId.$': '$.applicationId', notice } },
      });
      expect(functionOf(state)).toBe('notifyMunicipality');
      expect(state.Retry).toEqual([
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['States.TaskFailed', 'Lambda.ServiceException']),
          MaxAttempts: 6,
          BackoffRate: 2,
        }),
      ]);
      // After the retries (an e-mail outage), the review goes on: the notice is recorded as
      // pending before it is sent, and the daily run sends it later.
      expect(state.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: next }]);
    },
  );

  test('"Request review" waits for a task token without a timeout and keeps the answer in $.review', () => {
    const state = states['Request review']!;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      ResultPath: '$.review',
      Next: 'Decision?',
      Parameters: {
        Payload: { 'applicationId.$': '$.applicationId', 'taskToken.$': '$$.Task.Token' },
      },
    });
    expect(functionOf(state)).toBe('requestReview');
    expect(state.TimeoutSeconds).toBeUndefined();
    expect(state.HeartbeatSeconds).toBeUndefined();
  });

  test('"Await contact" waits for a task token without a timeout and keeps the outcome in $.contact', () => {
    const state = states['Await contact']!;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      ResultPath: '$.contact',
      Next: 'Contact confirmed?',
      Parameters: {
        Payload: { 'applicationId.$': '$.applicationId', 'taskToken.$': '$$.Task.Token' },
      },
    });
    expect(functionOf(state)).toBe('awaitContact');
    expect(state.TimeoutSeconds).toBeUndefined();
  });

  test('"Contact confirmed?" goes to review, ends unconfirmed with nobody mailed, or withdrawn by the municipality', () => {
    const state = states['Contact confirmed?']!;
    expect(state.Type).toBe('Choice');
    expect(state.Choices).toEqual([
      { Variable: '$.contact.outcome', StringEquals: 'confirmed', Next: 'Request review' },
      { Variable: '$.contact.outcome', StringEquals: 'expired', Next: 'Not confirmed' },
      { Variable: '$.contact.outcome', StringEquals: 'withdrawn', Next: 'Notify withdrawal' },
    ]);
    expect(states['Not confirmed']!.Type).toBe('Succeed');
    expect(states[state.Default]!.Type).toBe('Fail');
  });

  test('"Request changes" passes the reviewer\'s comment and keeps the outcome in $.changes', () => {
    const state = states['Request changes']!;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      ResultPath: '$.changes',
      Next: 'Amended?',
      Parameters: {
        Payload: {
          'applicationId.$': '$.applicationId',
          'taskToken.$': '$$.Task.Token',
          'comment.$': '$.review.comment',
        },
      },
    });
    expect(functionOf(state)).toBe('requestChanges');
    expect(state.TimeoutSeconds).toBeUndefined();
  });

  test('waiting tasks retry every failure (the function takes over what an earlier attempt began)', () => {
    for (const name of ['Await contact', 'Request review', 'Request changes']) {
      expect(states[name]!.Retry, name).toEqual([
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['States.TaskFailed', 'Lambda.ServiceException']),
          BackoffRate: 2,
        }),
      ]);
    }
  });

  test('an approval writes the grant before the municipality is told', () => {
    const state = states['Create grant']!;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      ResultPath: null,
      Next: 'Notify approval',
      Parameters: { Payload: { 'applicationId.$': '$.applicationId' } },
    });
    expect(functionOf(state)).toBe('createGrant');
    expect(state.Retry?.[0]?.ErrorEquals).toContain('States.TaskFailed');
  });

  test('"Decision?" branches on $.review.decision (a withdrawal too) and fails on anything else', () => {
    const state = states['Decision?']!;
    expect(state.Type).toBe('Choice');
    expect(state.Choices).toEqual([
      { Variable: '$.review.decision', StringEquals: 'approve', Next: 'Create grant' },
      { Variable: '$.review.decision', StringEquals: 'reject', Next: 'Notify rejection' },
      { Variable: '$.review.decision', StringEquals: 'request-changes', Next: 'Request changes' },
      { Variable: '$.review.decision', StringEquals: 'withdrawn', Next: 'Notify withdrawal' },
    ]);
    expect(state.Default).toBe('Unknown decision');
    expect(states['Unknown decision']!.Type).toBe('Fail');
  });

  test('"Amended?" loops back to review or ends with the withdrawal', () => {
    const state = states['Amended?']!;
    expect(state.Type).toBe('Choice');
    expect(state.Choices).toEqual([
      { Variable: '$.changes.outcome', StringEquals: 'amended', Next: 'Request review' },
      { Variable: '$.changes.outcome', StringEquals: 'withdrawn', Next: 'Notify withdrawal' },
    ]);
    expect(states[state.Default]!.Type).toBe('Fail');
  });

  test('ends only in the named Succeed and Fail states', () => {
    for (const name of ['Approved', 'Rejected', 'Withdrawn'])
      expect(states[name]!.Type, name).toBe('Succeed');
    const ends = Object.entries(states).filter(([, s]) => !s.Next && s.Type !== 'Choice');
    expect(ends.map(([name]) => name).sort()).toEqual(
      [
        'Approved',
        'Rejected',
        'Withdrawn',
        'Not confirmed',
        'Unknown decision',
        'Unknown change outcome',
        'Unknown contact outcome',
        'Stopped',
        'Stop not recorded',
      ].sort(),
    );
  });

  test('every task catches what its retries leave: the notify steps go on, the others record the stop', () => {
    const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBe(10);
    const notify = [
      'Send receipt',
      'Notify approval',
      'Notify rejection',
      'Notify withdrawal',
      'Notify reviewers of withdrawal',
    ];
    for (const [name, state] of tasks) {
      expect(state.Retry?.[0]?.ErrorEquals, name).toContain('States.TaskFailed');
      expect(state.Catch, name).toHaveLength(1);
      expect(state.Catch[0].ErrorEquals, name).toEqual(['States.ALL']);
      if (notify.includes(name) || name === 'Record stop') continue;
      expect(state.Catch[0], name).toEqual({
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.stopped',
        Next: 'Record stop',
      });
    }
  });

  test('"Record stop" hands the stop to the daily run and fails the execution, recorded or not', () => {
    const state = states['Record stop']!;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      ResultPath: null,
      Next: 'Stopped',
      Parameters: {
        Payload: {
          'applicationId.$': '$.applicationId',
          'executionName.$': '$$.Execution.Name',
          'stopped.$': '$.stopped',
        },
      },
    });
    expect(state.Parameters.Payload['year.$']).toBeUndefined();
    expect(functionOf(state)).toBe('recordStop');
    expect(state.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Stop not recorded' },
    ]);
    expect(states.Stopped).toMatchObject({ Type: 'Fail', Error: 'Stopped' });
    expect(states['Stop not recorded']).toMatchObject({ Type: 'Fail', Error: 'StopNotRecorded' });
  });
});
