// The AnnualPayment state machine as the template carries it, state by state.

import { describe, expect, test } from 'vitest';
import { PAYMENT_STATE_NAMES } from '../../infra/constructs/payment-workflow.js';
import { STOP_STATE_NAMES } from '../../infra/constructs/workflow-tasks.js';
import { stateMachineDefinition } from './definitions.js';

const { definition, functionOf } = stateMachineDefinition('AnnualPayment');
const states = definition.States;
const reference = { 'applicationId.$': '$.applicationId', 'year.$': '$.year' };

describe('AnnualPayment definition', () => {
  test('has exactly the expected states and asks for confirmation only after the first year', () => {
    expect(Object.keys(states).sort()).toEqual(
      [...Object.values(PAYMENT_STATE_NAMES), ...Object.values(STOP_STATE_NAMES)].sort(),
    );
    expect(definition.StartAt).toBe('Confirmation needed?');
    expect(states['Confirmation needed?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.year', NumericGreaterThan: 1, Next: 'Request confirmation' }],
      Default: 'Await payment',
    });
  });

  test.each([
    ['Request confirmation', 'requestConfirmation', '$.confirmation', 'Still in position?'],
    ['Await payment', 'awaitPayment', '$.payment', 'Paid or cancelled?'],
  ])('"%s" waits for a task token without a timeout', (name, fn, resultPath, next) => {
    const state = states[name]!;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      ResultPath: resultPath,
      Next: next,
      Parameters: { Payload: { ...reference, 'taskToken.$': '$$.Task.Token' } },
    });
    expect(functionOf(state)).toBe(fn);
    expect(state.TimeoutSeconds).toBeUndefined();
    expect(state.Retry?.[0]?.ErrorEquals).toContain('States.TaskFailed');
  });

  test('a continuing position goes on to payment; an ended or unconfirmed one ends the grant', () => {
    expect(states['Still in position?']).toMatchObject({
      Type: 'Choice',
      Choices: [
        { Variable: '$.confirmation.outcome', StringEquals: 'continuing', Next: 'Await payment' },
        { Variable: '$.confirmation.outcome', StringEquals: 'ended', Next: 'End grant' },
        { Variable: '$.confirmation.outcome', StringEquals: 'unconfirmed', Next: 'End grant' },
      ],
      Default: 'Unknown confirmation',
    });
  });

  test('a payment goes on to tell the municipality; a year the lead cancelled ends there', () => {
    expect(states['Paid or cancelled?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.payment.cancelled', IsPresent: true, Next: 'Cancelled' }],
      Default: 'Notify paid',
    });
    expect(states.Cancelled).toEqual({ Type: 'Succeed' });
  });

  test.each([
    ['End grant', 'endGrant', 'Ended'],
    ['Notify paid', 'notifyPaid', 'Paid'],
  ])('"%s" is an idempotent step that discards its result', (name, fn, next) => {
    const state = states[name]!;
    expect(state).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      ResultPath: null,
      Next: next,
      Parameters: { Payload: reference },
    });
    expect(functionOf(state)).toBe(fn);
  });

  test('ends only in the named Succeed and Fail states', () => {
    const ends = Object.entries(states).filter(([, s]) => !s.Next && s.Type !== 'Choice');
    expect(ends.map(([name]) => name).sort()).toEqual(
      ['Ended', 'Paid', 'Cancelled', 'Unknown confirmation', 'Stopped', 'Stop not recorded'].sort(),
    );
  });

  test('every task catches what its retries leave and records the stop for the daily run', () => {
    const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual(
      ['Request confirmation', 'Await payment', 'End grant', 'Notify paid', 'Record stop'].sort(),
    );
    for (const [name, state] of tasks) {
      expect(state.Retry?.[0]?.ErrorEquals, name).toContain('States.TaskFailed');
      expect(state.Catch, name).toEqual([
        name === 'Record stop'
          ? { ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Stop not recorded' }
          : { ErrorEquals: ['States.ALL'], ResultPath: '$.stopped', Next: 'Record stop' },
      ]);
    }
    expect(states['Record stop']).toMatchObject({
      Next: 'Stopped',
      Parameters: {
        Payload: { ...reference, 'executionName.$': '$$.Execution.Name', 'stopped.$': '$.stopped' },
      },
    });
    expect(functionOf(states['Record stop']!)).toBe('recordStop');
    expect(states.Stopped!.Type).toBe('Fail');
  });
});
