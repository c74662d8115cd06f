// Two state machines behind one endpoint: each request reaches the machine it names, by state
// machine ARN, execution ARN or task token.

import { describe, expect, it } from 'vitest';
import { StepFunctionsGroup } from '../../../infra/local/stepfunctions-group.js';
import { SfnApiError, type LocalStepFunctions } from '../../../infra/local/stepfunctions.js';

function machine(name: string, tokens: string[]) {
  const calls: string[] = [];
  const fake = {
    stateMachineArn: `arn:aws:states:eu-north-1:000000000000:stateMachine:${name}`,
    stateMachineName: name,
    transitions: 2,
    knowsToken: (token: string | undefined) => tokens.includes(token ?? ''),
    startExecution: () => {
      calls.push('start');
      return { executionArn: `x:${name}:e`, startDate: 0 };
    },
    describeExecution: () => {
      calls.push('describe');
      return {} as never;
    },
    sendTaskSuccess: () => void calls.push('success'),
    list: () => [{ name: `${name}-run`, startDate: name === 'Review' ? 2 : 1 }] as never,
    isIdle: () => true,
    waitForIdle: async () => true,
  };
  return { fake: fake as unknown as LocalStepFunctions, calls };
}

describe('StepFunctionsGroup', () => {
  const review = machine('Review', ['AQ-review']);
  const payment = machine('AnnualPayment', ['AQ-payment']);
  const group = new StepFunctionsGroup([review.fake, payment.fake]);

  it('starts an execution on the machine its ARN names, and refuses an unknown ARN', () => {
    group.startExecution({ stateMachineArn: payment.fake.stateMachineArn, name: 'a' });
    expect(payment.calls).toEqual(['start']);
    expect(review.calls).toEqual([]);
    expect(() => group.startExecution({ stateMachineArn: 'arn:nothing' })).toThrow(SfnApiError);
  });

  it('describes an execution by the machine its ARN names', () => {
    group.describeExecution({
      executionArn: 'arn:aws:states:eu-north-1:000000000000:execution:Review:AN-2026-X',
    });
    expect(review.calls).toContain('describe');
  });

  it('answers a task token on the machine that handed it out', () => {
    group.sendTaskSuccess({ taskToken: 'AQ-payment', output: '{}' });
    expect(payment.calls).toContain('success');
    expect(review.calls).not.toContain('success');
  });

  it('lists every execution of every machine, oldest first, and sums transitions', () => {
    expect(group.list().map((r) => r.name)).toEqual(['AnnualPayment-run', 'Review-run']);
    expect(group.transitions).toBe(4);
  });
});
