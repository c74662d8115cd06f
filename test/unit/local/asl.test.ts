import { describe, expect, it } from 'vitest';

import {
  LOCAL_WAIT_RESOURCE,
  MAX_TIMER_SECONDS,
  prepareDefinition,
  unsupportedFeatures,
} from '../../../infra/local/asl.js';
import type { StateMachineDefinition } from '../../../infra/local/template.js';
import { resolvedDefinition } from '../../support/fixture-template.js';

const OURS = 'arn:aws:lambda:eu-north-1:000000000000:function:Ours';
const isOurs = (name: string) => name.startsWith(OURS);

const single = (
  state: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): StateMachineDefinition => ({
  StartAt: 'S',
  States: { S: { Type: 'Pass', End: true, ...state } as never },
  ...extra,
});

describe('unsupportedFeatures', () => {
  it('accepts the JSONPath review workflow', () => {
    expect(unsupportedFeatures(resolvedDefinition(), (n) => n.includes(':function:'))).toEqual([]);
  });

  it.each([
    [
      'JSONata at the top',
      single({}, { QueryLanguage: 'JSONata' }),
      /QueryLanguage JSONata \(top level\)/,
    ],
    [
      'JSONata in a state',
      single({ QueryLanguage: 'JSONata' }),
      /QueryLanguage JSONata in state "S"/,
    ],
    [
      'JSONata Arguments',
      single({ Type: 'Task', Resource: OURS, Arguments: {} }),
      /Arguments\/Output/,
    ],
    ['Assign', single({ Assign: { a: 1 } }), /Assign \(variables\) in state "S"/],
    [
      'Assign in a Choice rule',
      single({
        Type: 'Choice',
        End: undefined,
        Choices: [{ Variable: '$.a', IsPresent: true, Next: 'S', Assign: {} }],
        Default: 'S',
      }),
      /Assign \(variables\) in a Choice or Catch rule/,
    ],
    [
      'Distributed Map',
      single({
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: 'I',
          States: { I: { Type: 'Pass', End: true } },
        },
      }),
      /Distributed Map/,
    ],
    [
      'tolerated failures',
      single({
        Type: 'Map',
        ToleratedFailurePercentage: 5,
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
      }),
      /ToleratedFailurePercentage in state "S"/,
    ],
    [
      'a service other than Lambda',
      single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem' }),
      /runs Lambda tasks only/,
    ],
    [
      'a Lambda that is not ours',
      single({ Type: 'Task', Resource: 'arn:aws:lambda:eu-north-1:1:function:Other' }),
      /not one of the functions/,
    ],
  ])('refuses %s', (_what, definition, message) => {
    const problems = unsupportedFeatures(definition, isOurs);
    expect(problems.join('\n')).toMatch(message);
  });

  it('looks inside Map iterators and Parallel branches', () => {
    const definition = single({
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Assign: { x: 1 }, End: true } } },
      ],
    });
    expect(unsupportedFeatures(definition, isOurs)).toEqual([
      'Assign (variables) in state "S › Inner"',
    ]);
  });
});

describe('prepareDefinition', () => {
  it('gives waitForTaskToken tasks the longest timer, keeping their own limits for the local clock', () => {
    const definition = resolvedDefinition();
    Object.assign(definition.States['Request review']!, {
      TimeoutSeconds: 3600,
      HeartbeatSeconds: 600,
    });
    const { definition: prepared, tasks } = prepareDefinition(definition);
    expect(prepared.States['Request review']).toMatchObject({ TimeoutSeconds: MAX_TIMER_SECONDS });
    expect(prepared.States['Request review']).not.toHaveProperty('HeartbeatSeconds');
    expect(tasks.get('Request review')).toMatchObject({
      kind: 'lambdaInvokeWait',
      timeoutSeconds: 3600,
      heartbeatSeconds: 600,
    });
    expect(definition.States['Request review']).toMatchObject({ TimeoutSeconds: 3600 }); // the original is untouched
  });

  it('removes the runner’s 60 s default from other tasks', () => {
    const { definition, tasks } = prepareDefinition(resolvedDefinition());
    expect(definition.States['Send receipt']).toMatchObject({ TimeoutSeconds: MAX_TIMER_SECONDS });
    expect(tasks.get('Send receipt')?.kind).toBe('lambdaInvoke');
  });

  it('turns Wait states into tasks on the local clock', () => {
    const { definition, tasks } = prepareDefinition(
      single({ Type: 'Wait', SecondsPath: '$.delay', OutputPath: '$.x' }),
    );
    expect(definition.States.S).toMatchObject({
      Type: 'Task',
      Resource: LOCAL_WAIT_RESOURCE,
      Parameters: { 'input.$': '$', 'seconds.$': '$.delay' },
      OutputPath: '$.x',
      End: true,
    });
    expect(definition.States.S).not.toHaveProperty('SecondsPath');
    expect(tasks.get('S')).toEqual({ kind: 'wait' });
  });
});
