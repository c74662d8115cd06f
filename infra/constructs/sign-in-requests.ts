// Staff sign-in requests, handled after the answer. `POST /staff/login` only starts an execution
// here, whatever the address, so its answer takes the same time for staff and for anyone else;
// the step looks the address up, keeps the one-a-minute limit and mails the link.
//
// Express, not Standard: every request to a public form starts one, and a flood at the stage's
// ceiling costs per request here rather than per state transition. Its history is its log group.

import { Duration, Names, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { logicalIdOf } from './project-function.js';
import { LAMBDA_SERVICE_ERRORS } from './workflow-tasks.js';

export const SIGN_IN_STATE_NAMES = { send: 'Send sign-in link', done: 'Done' } as const;

export interface SignInRequestsProps {
  staffSignIn: lambda.IFunction;
  /** @default three months */
  logRetention?: logs.RetentionDays;
}

export class SignInRequests extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SignInRequestsProps) {
    super(scope, id);
    // The step claims the minute's mail before sending, so a retry after a partial run sends
    // nothing more: the person asks again after the minute, as they would for a lost e-mail.
    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = oneStepRequests(this, {
      step: props.staffSignIn,
      stateNames: { step: SIGN_IN_STATE_NAMES.send, done: SIGN_IN_STATE_NAMES.done },
      payload: sfn.TaskInput.fromObject({ email: sfn.JsonPath.stringAt('$.email') }),
      comment: 'A staff sign-in request: mails a sign-in link if the address is staff',
      functionRole: 'the one sign-in function',
      logRetention: props.logRetention,
    }));
  }
}

export const MUNICIPALITY_REQUEST_STATE_NAMES = { handle: 'Handle request', done: 'Done' } as const;

/**
 * Municipality requests, handled after the answer, the same way: a saved draft's link e-mail, and
 * "find my application", whose answer must take the same time whether anything matches. The web
 * function only starts an execution; the step (`municipalityRequests`) reads and mails.
 */
export class MunicipalityRequests extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(
    scope: Construct,
    id: string,
    props: { step: lambda.IFunction; logRetention?: logs.RetentionDays },
  ) {
    super(scope, id);
    // A retry after a partial run may mail twice (at least once); the counts it takes keep that
    // to the requests' own limits.
    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = oneStepRequests(this, {
      step: props.step,
      stateNames: {
        step: MUNICIPALITY_REQUEST_STATE_NAMES.handle,
        done: MUNICIPALITY_REQUEST_STATE_NAMES.done,
      },
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      comment: "A municipality's request: a draft's link, or finding an application again",
      functionRole: 'the one request function',
      logRetention: props.logRetention,
    }));
  }
}

/**
 * The Express machine both request kinds are: one step with its retries, then done; logged without
 * the execution data, since the input is what someone typed (an address, an organisation number).
 */
function oneStepRequests(
  scope: Construct,
  props: {
    step: lambda.IFunction;
    stateNames: { step: string; done: string };
    payload: sfn.TaskInput;
    comment: string;
    /** What the step function is, for the reason of the invoke wildcard. */
    functionRole: string;
    logRetention?: logs.RetentionDays;
  },
): { stateMachine: sfn.StateMachine; logGroup: logs.LogGroup } {
  const step = new tasks.LambdaInvoke(scope, props.stateNames.step, {
    lambdaFunction: props.step,
    payload: props.payload,
    resultPath: sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  step.addRetry({
    errors: ['States.TaskFailed', ...LAMBDA_SERVICE_ERRORS],
    interval: Duration.seconds(1),
    maxAttempts: 3,
    backoffRate: 2,
  });
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    logGroupName: `/aws/vendedlogs/states/${Names.uniqueResourceName(scope, { maxLength: 200 })}`,
    retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    comment: props.comment,
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(
      step.next(new sfn.Succeed(scope, props.stateNames.done)),
    ),
    timeout: Duration.minutes(2),
    tracingEnabled: true,
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Log delivery (logs:CreateLogDelivery and related) and X-Ray tracing do not support resource-level permissions.',
  });
  Validations.of(stateMachine.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.step)}.Arn>:*]`,
    reason: `Invokes versions and aliases of ${props.functionRole}; the wildcard is the qualifier only.`,
  });
  return { stateMachine, logGroup };
}
