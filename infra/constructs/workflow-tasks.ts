// The building blocks both state machines share: Lambda tasks with one retry policy, tasks that
// wait for a task token, and a log group whose data never holds a token. Written in JSONPath only
// (no JSONata, no Assign, no Distributed Map), because the local stack runs these very definitions
// with aws-local-stepfunctions, which silently ignores those features.

import { Duration, Names, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { logicalIdOf } from './project-function.js';

/** Errors of the Lambda service itself, as opposed to errors the function throws. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
] as const;

// 2, 4, 8 ... 64 s: rides out throttling of SES, DynamoDB or Lambda for about two minutes.
const RETRY = { interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2 } as const;

/**
 * A step whose effect is idempotent (keyed by application, year or notice), so that retrying any
 * failure is safe. Its result is discarded: the execution's state stays the reference it started with.
 */
export function idempotentStep(
  scope: Construct,
  stateName: string,
  fn: lambda.IFunction,
  payload: Record<string, unknown>,
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, stateName, {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject(payload),
    resultPath: sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  task.addRetry({ errors: ['States.TaskFailed', ...LAMBDA_SERVICE_ERRORS], ...RETRY });
  return task;
}

/**
 * A step that waits for a person (a reviewer, the municipality, finance) to answer through a link.
 * Every failure is retried, also one after the function ran part-way: each attempt gets a new task
 * token, and the function moves what the earlier attempt began onto it, mailing only what has not
 * gone out.
 */
export function waitForAnswer(
  scope: Construct,
  stateName: string,
  fn: lambda.IFunction,
  payload: Record<string, unknown>,
  resultPath: string,
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, stateName, {
    lambdaFunction: fn,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ ...payload, taskToken: sfn.JsonPath.taskToken }),
    resultPath,
    retryOnServiceExceptions: false,
  });
  task.addRetry({ errors: ['States.TaskFailed', ...LAMBDA_SERVICE_ERRORS], ...RETRY });
  return task;
}

/** State names of the path every task's Catch leads to. */
export const STOP_STATE_NAMES = {
  recordStop: 'Record stop',
  stopped: 'Stopped',
  stopNotRecorded: 'Stop not recorded',
} as const;

/**
 * Where every task goes once its retries are spent: "Record stop" writes the stop (with a timer due
 * at once) and the execution fails; the daily run then resumes the workflow under the next name
 * (`-r1`, `-r2`, ...). Should even that step fail, the execution fails all the same, and the daily
 * run's other checks (a decision, a confirmation or a payment meeting a stopped execution, the
 * application's start timer) resume it. `reference` is what identifies the workflow's item.
 */
export function stopPath(
  scope: Construct,
  fn: lambda.IFunction,
  reference: Record<string, unknown>,
): sfn.IChainable {
  const task = new tasks.LambdaInvoke(scope, STOP_STATE_NAMES.recordStop, {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject({
      ...reference,
      executionName: sfn.JsonPath.stringAt('$$.Execution.Name'),
      stopped: sfn.JsonPath.objectAt('$.stopped'),
    }),
    resultPath: sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  task.addRetry({ errors: ['States.TaskFailed', ...LAMBDA_SERVICE_ERRORS], ...RETRY });
  task.addCatch(
    new sfn.Fail(scope, STOP_STATE_NAMES.stopNotRecorded, {
      error: 'StopNotRecorded',
      cause: 'A task spent its retries, and recording the stop failed too',
    }),
    { errors: ['States.ALL'], resultPath: sfn.JsonPath.DISCARD },
  );
  return task.next(
    new sfn.Fail(scope, STOP_STATE_NAMES.stopped, {
      error: 'Stopped',
      cause:
        'A task spent its retries; the stop is recorded and the daily run resumes the workflow',
    }),
  );
}

/** Sends what a task's retries leave to the stop path, with the error as `$.stopped`. */
export function catchToStop(task: tasks.LambdaInvoke, stop: sfn.IChainable): tasks.LambdaInvoke {
  task.addCatch(stop, { errors: ['States.ALL'], resultPath: '$.stopped' });
  return task;
}

/** A Standard state machine with full logging (without execution data, which carries task tokens). */
export function standardStateMachine(
  scope: Construct,
  props: {
    comment: string;
    definition: sfn.IChainable;
    steps: readonly lambda.IFunction[];
    logRetention?: logs.RetentionDays;
  },
): { stateMachine: sfn.StateMachine; logGroup: logs.LogGroup } {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    // Under /aws/vendedlogs/ Step Functions needs no entry in the account's CloudWatch Logs
    // resource policy, whose size is limited and shared by every stack in the account.
    logGroupName: `/aws/vendedlogs/states/${Names.uniqueResourceName(scope, { maxLength: 200 })}`,
    retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    comment: props.comment,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    tracingEnabled: true,
    logs: {
      destination: logGroup,
      level: sfn.LogLevel.ALL,
      // Execution data carries task tokens, which are as good as the answer they wait for.
      includeExecutionData: false,
    },
  });
  const role = stateMachine.role;
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Log delivery (logs:CreateLogDelivery and related) and X-Ray tracing do not support resource-level permissions.',
  });
  for (const fn of props.steps) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
      reason:
        'Invokes versions and aliases of one workflow-step function; the wildcard is the qualifier only.',
    });
  }
  return { stateMachine, logGroup };
}
