// The review of one application as a Standard state machine. It is written in JSONPath only
// (no JSONata, no Assign, no Distributed Map) because the local stack runs this very definition
// with aws-local-stepfunctions, which silently ignores those features.
//
// Long waits (reminders, escalation) are not modelled here: a waiting review has no timeout and
// the daily run, which follows the local clock too, takes care of it.

import { Duration, Names, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { Notice } from '../../shared/store/notices.js';
import { logicalIdOf } from './project-function.js';

/** State names: what a reader sees in the console and what the local stack keys its overrides by. */
export const STATE_NAMES = {
  sendReceipt: 'Send receipt',
  requestReview: 'Request review',
  decision: 'Decision?',
  notifyApproval: 'Notify approval',
  approved: 'Approved',
  notifyRejection: 'Notify rejection',
  rejected: 'Rejected',
  requestChanges: 'Request changes',
  amended: 'Amended?',
  notifyWithdrawal: 'Notify withdrawal',
  withdrawn: 'Withdrawn',
  unknownDecision: 'Unknown decision',
  unknownChangeOutcome: 'Unknown change outcome',
} as const;

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

export type { Notice };

export interface WorkflowProps {
  notifyMunicipality: lambda.IFunction;
  requestReview: lambda.IFunction;
  requestChanges: lambda.IFunction;
  /** @default three months */
  logRetention?: logs.RetentionDays;
}

export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);

    const notify = (stateName: string, notice: Notice): tasks.LambdaInvoke => {
      const task = new tasks.LambdaInvoke(this, stateName, {
        lambdaFunction: props.notifyMunicipality,
        payload: sfn.TaskInput.fromObject({
          applicationId: sfn.JsonPath.stringAt('$.applicationId'),
          notice,
        }),
        // The e-mail is a side effect; the execution's state stays the application reference.
        resultPath: sfn.JsonPath.DISCARD,
        retryOnServiceExceptions: false,
      });
      // Notifying is idempotent (keyed by application and notice), so retrying any failure is safe.
      task.addRetry({ errors: ['States.TaskFailed', ...LAMBDA_SERVICE_ERRORS], ...RETRY });
      return task;
    };

    const waitForAnswer = (
      stateName: string,
      fn: lambda.IFunction,
      payload: Record<string, unknown>,
      resultPath: string,
    ): tasks.LambdaInvoke => {
      const task = new tasks.LambdaInvoke(this, stateName, {
        lambdaFunction: fn,
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({
          applicationId: sfn.JsonPath.stringAt('$.applicationId'),
          taskToken: sfn.JsonPath.taskToken,
          ...payload,
        }),
        resultPath,
        retryOnServiceExceptions: false,
      });
      // Every failure is retried, also one after the function ran part-way: each attempt gets a
      // new task token, and the function moves what the earlier attempt began onto it (the round or
      // the change request), mailing only what has not gone out.
      task.addRetry({ errors: ['States.TaskFailed', ...LAMBDA_SERVICE_ERRORS], ...RETRY });
      return task;
    };

    const sendReceipt = notify(STATE_NAMES.sendReceipt, 'received');
    // Answered by SendTaskSuccess with {"decision": "approve" | "reject" | "request-changes", "comment": ...}.
    const requestReview = waitForAnswer(
      STATE_NAMES.requestReview,
      props.requestReview,
      {},
      '$.review',
    );
    // Answered by SendTaskSuccess with {"outcome": "amended" | "withdrawn"}.
    const requestChanges = waitForAnswer(
      STATE_NAMES.requestChanges,
      props.requestChanges,
      { comment: sfn.JsonPath.stringAt('$.review.comment') },
      '$.changes',
    );

    const approve = notify(STATE_NAMES.notifyApproval, 'approved').next(
      new sfn.Succeed(this, STATE_NAMES.approved),
    );
    const reject = notify(STATE_NAMES.notifyRejection, 'rejected').next(
      new sfn.Succeed(this, STATE_NAMES.rejected),
    );
    const withdraw = notify(STATE_NAMES.notifyWithdrawal, 'withdrawn').next(
      new sfn.Succeed(this, STATE_NAMES.withdrawn),
    );

    const decision = new sfn.Choice(this, STATE_NAMES.decision)
      .when(sfn.Condition.stringEquals('$.review.decision', 'approve'), approve)
      .when(sfn.Condition.stringEquals('$.review.decision', 'reject'), reject)
      .when(sfn.Condition.stringEquals('$.review.decision', 'request-changes'), requestChanges)
      .otherwise(
        new sfn.Fail(this, STATE_NAMES.unknownDecision, {
          error: 'UnknownDecision',
          cause: 'The review answered with a decision the workflow does not know',
        }),
      );

    const amended = new sfn.Choice(this, STATE_NAMES.amended)
      .when(sfn.Condition.stringEquals('$.changes.outcome', 'amended'), requestReview)
      .when(sfn.Condition.stringEquals('$.changes.outcome', 'withdrawn'), withdraw)
      .otherwise(
        new sfn.Fail(this, STATE_NAMES.unknownChangeOutcome, {
          error: 'UnknownChangeOutcome',
          cause: 'The change request answered with an outcome the workflow does not know',
        }),
      );

    requestChanges.next(amended);
    const definition = sendReceipt.next(requestReview).next(decision);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // Under /aws/vendedlogs/ Step Functions needs no entry in the account's CloudWatch Logs
      // resource policy, whose size is limited and shared by every stack in the account.
      logGroupName: `/aws/vendedlogs/states/${Names.uniqueResourceName(this, { maxLength: 200 })}`,
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Review of one ALIS grant application, from receipt to decision',
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        // Execution data carries task tokens, which are as good as the reviewer's answer.
        includeExecutionData: false,
      },
    });

    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Log delivery (logs:CreateLogDelivery and related) and X-Ray tracing do not support resource-level permissions.',
    });
    for (const fn of [props.notifyMunicipality, props.requestReview, props.requestChanges]) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
        reason:
          'Invokes versions and aliases of one workflow-step function; the wildcard is the qualifier only.',
      });
    }
  }
}
