// Operations alarms, all to one topic. Every step retries on its own, and a workflow whose step
// spends its retries records its stop and is resumed by the daily run, so the workflow alarms fire
// on what has outlasted that: a resume that failed twice, a stop that could not be recorded, a
// daily run in the dead-letter queue. Beside them, one alarm per figure that should stay at zero:
// each function's errors and throttles, the API's 5xx, the table's throttling, each state
// machine's failed and timed-out executions.
//
// Adding one: `alarms.add(id, { description, metric })`, with the description saying what it
// means and what to do (docs/operations.md lists them all). It goes to the topic and onto the
// dashboard's alarm list.

import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * Where the stage's own metrics (the metric filters') are published. A metric filter cannot add a
 * constant dimension, so the stage is in the namespace: two stages in one account stay apart.
 */
export function metricNamespace(stage: string): string {
  return `AlisGrants/${stage}`;
}

const FIVE_MINUTES = Duration.minutes(5);

export interface AlarmsProps {
  /** The stage, for the namespace of the metric filters. */
  stage: string;
  /** Who is told when an alarm fires (an e-mail subscription, confirmed from the first message). */
  email?: string;
}

export interface AlarmOptions {
  /** What it means and what to do: the text of the alarm's e-mail. */
  description: string;
  metric: cloudwatch.IMetric;
  /** @default 1: fires at the first occurrence */
  threshold?: number;
  /** Periods in a row the metric must reach the threshold. @default 1 */
  evaluationPeriods?: number;
}

export interface OperationsAlarmsProps {
  /**
   * The workflows' "Record stop" step: its log line of a stop carries `resumesFailed` (how many
   * resumes of that workflow had stopped before), and its errors mean a stop went unrecorded.
   */
  recordStop: { function: lambda.IFunction; logGroup: logs.ILogGroup };
  deadLetterQueue: sqs.IQueue;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  /** Every alarm, in the order added; the dashboard lists them (read at synthesis). */
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly metricNamespace: string;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.metricNamespace = metricNamespace(props.stage);

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the ALIS grants alarm topic (${props.stage})`,
      enableKeyRotation: true,
    });
    // CloudWatch must encrypt what it publishes to the topic, and only for this account's alarms.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `ALIS-tilskudd (${props.stage}): driftsvarsel`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
      Validations.of(this.topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'The one subscription is an e-mail address, which SNS retries itself; a dead-letter queue of alarm e-mails would be read by nobody, and every alarm stays visible on the dashboard.',
      });
    }
    this.action = new actions.SnsAction(this.topic);
  }

  /** An alarm to the topic: fires when the metric reaches the threshold; no data is no alarm. */
  add(id: string, options: AlarmOptions): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 1,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** The workflows' own alarms: a resume that failed twice, an unrecorded stop, the daily run's DLQ. */
  addOperationsAlarms(props: OperationsAlarmsProps): void {
    const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
    this.add('WorkflowResumeFailedTwice', {
      description:
        'A review or payment workflow stopped again after two resumes by the daily run: the fault is not passing. The record-stop log names the execution; npm run resume once it is fixed.',
      metric: new logs.MetricFilter(this, 'ResumeFailedTwiceFilter', {
        logGroup: props.recordStop.logGroup,
        // The JSON log line of shared/services/resume.ts recordStop.
        filterPattern: logs.FilterPattern.numberValue('$.resumesFailed', '>=', 2),
        metricNamespace: this.metricNamespace,
        metricName: 'WorkflowResumeFailedTwice',
        metricValue: '1',
      }).metric(sum),
    });
    this.add('WorkflowStopNotRecorded', {
      description:
        'A workflow step spent its retries and recording its stop failed too: the daily run resumes it only when an answer meets it. See the state machines for FAILED executions ending in "Stop not recorded".',
      metric: props.recordStop.function.metricErrors(sum),
    });
    this.add('DailyRunDeadLetters', {
      description:
        'A daily run failed after its retries (reminders, withdrawals or hand-overs may be late): see the dead-letter queue, fix the cause, then replay or delete its messages (docs/operations.md).',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    });
  }

  /**
   * Errors and throttles of one function. `retried`: its invoker retries it (a workflow step), so
   * errors count only when they last longer than the retries (three five-minute periods in a row).
   */
  addFunctionAlarms(name: string, fn: lambda.IFunction, options: { retried: boolean }): void {
    const id = pascalCase(name);
    const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
    this.add(`${id}Errors`, {
      description: options.retried
        ? `The ${name} function has failed for 15 minutes, longer than a workflow step retries: executions are stopping (the daily run resumes them once the fault passes). Read its log group for the error.`
        : `The ${name} function failed (an unhandled error or a time-out). Read its log group for the error.`,
      metric: fn.metricErrors(sum),
      evaluationPeriods: options.retried ? 3 : 1,
    });
    this.add(`${id}Throttles`, {
      description: `Lambda refused to run the ${name} function (throttled): the account's concurrency is used up. Look for a flood in the API's access log; ask AWS for a higher limit if the load is real.`,
      metric: fn.metricThrottles(sum),
    });
  }

  /** The API answering 5xx: a function crashed or timed out, or API Gateway failed. */
  addApiAlarms(api: apigw.IHttpApi): void {
    this.add('Api5xx', {
      description:
        "The API answered with a 5xx (the web function crashed, timed out or was throttled). The access log's integrationError and the web function's log name the cause.",
      metric: api.metricServerError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    });
  }

  /** The table refusing reads or writes (throttled), on the table or an index. */
  addTableAlarms(table: dynamodb.ITable): void {
    const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
    this.add('TableThrottled', {
      description:
        'DynamoDB throttled reads or writes of the table (on-demand capacity ramping up, or a hot key). Requests were retried by the SDK; if it persists, read the throttled operations in the table metrics.',
      metric: new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: table.metric('ReadThrottleEvents', sum),
          writes: table.metric('WriteThrottleEvents', sum),
        },
        label: 'Throttled requests',
        period: FIVE_MINUTES,
      }),
    });
  }

  /** Failed and timed-out executions of one state machine. */
  addStateMachineAlarms(name: string, stateMachine: sfn.IStateMachine): void {
    const id = pascalCase(name);
    const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
    this.add(`${id}ExecutionsFailed`, {
      description: `An execution of the ${name} state machine failed. Most often it ended in "Stopped" after a step spent its retries: the next daily run resumes it (check the next day). Another end (e.g. "Stop not recorded", an unknown answer) needs a look at the execution's history; resume it by hand if needed (docs/operations.md).`,
      metric: stateMachine.metricFailed(sum),
    });
    this.add(`${id}ExecutionsTimedOut`, {
      description: `An execution of the ${name} state machine timed out. Read the execution's history for the state it was in.`,
      metric: stateMachine.metricTimedOut(sum),
    });
  }
}

function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
