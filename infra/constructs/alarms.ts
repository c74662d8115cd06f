// Operations alarms: what must never go unnoticed. Every step retries on its own, and a workflow
// whose step spends its retries records its stop and is resumed by the daily run, so what reaches
// an alarm has outlasted all of that: a workflow whose resume failed twice (the fault is not
// passing), a stop that could not even be recorded, and a daily run in the dead-letter queue.

import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Where the alarms' own metrics are published. */
export const ALARM_METRIC_NAMESPACE = 'AlisGrants';

export interface AlarmsProps {
  /**
   * The workflows' "Record stop" step: its log line of a stop carries `resumesFailed` (how many
   * resumes of that workflow had stopped before), and its errors mean a stop went unrecorded.
   */
  recordStop: { function: lambda.IFunction; logGroup: logs.ILogGroup };
  deadLetterQueue: sqs.IQueue;
  /** Who is told when an alarm fires (an e-mail subscription, confirmed from the first message). */
  email?: string;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    const key = new kms.Key(this, 'Key', {
      description: 'Encrypts the ALIS grants alarm topic',
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
      displayName: 'ALIS-tilskudd: driftsvarsel',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const everyFiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const alarm = (name: string, description: string, metric: cloudwatch.IMetric) =>
      new cloudwatch.Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    this.alarms = [
      alarm(
        'WorkflowResumeFailedTwice',
        'A review or payment workflow stopped again after two resumes by the daily run: the fault is not passing. The record-stop log names the execution; npm run resume once it is fixed.',
        new logs.MetricFilter(this, 'ResumeFailedTwiceFilter', {
          logGroup: props.recordStop.logGroup,
          // The JSON log line of shared/services/resume.ts recordStop.
          filterPattern: logs.FilterPattern.numberValue('$.resumesFailed', '>=', 2),
          metricNamespace: ALARM_METRIC_NAMESPACE,
          metricName: 'WorkflowResumeFailedTwice',
          metricValue: '1',
        }).metric(everyFiveMinutes),
      ),
      alarm(
        'WorkflowStopNotRecorded',
        'A workflow step spent its retries and recording its stop failed too: the daily run resumes it only when an answer meets it. See the state machines for FAILED executions ending in "Stop not recorded".',
        props.recordStop.function.metricErrors(everyFiveMinutes),
      ),
      alarm(
        'DailyRunDeadLetters',
        'A daily run failed after its retries (reminders, withdrawals or hand-overs may be late): see the dead-letter queue.',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      ),
    ];
    for (const a of this.alarms) a.addAlarmAction(new actions.SnsAction(this.topic));
  }
}
