// Operations alarms: what must never go unnoticed. Every step retries on its own, so what reaches
// an alarm has already outlasted its retries: a review workflow that failed or timed out (the
// application waits until someone looks), and a daily run in the dead-letter queue.

import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** The review and the payment state machines. */
  stateMachines: readonly sfn.IStateMachine[];
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
        'WorkflowFailed',
        'A review or payment workflow failed or timed out after its retries: its application or grant year waits until someone resumes it.',
        new cloudwatch.MathExpression({
          expression: props.stateMachines
            .flatMap((_, i) => [`failed${i}`, `timedOut${i}`])
            .join(' + '),
          usingMetrics: Object.fromEntries(
            props.stateMachines.flatMap((machine, i) => [
              [`failed${i}`, machine.metricFailed(everyFiveMinutes)],
              [`timedOut${i}`, machine.metricTimedOut(everyFiveMinutes)],
            ]),
          ),
          period: Duration.minutes(5),
        }),
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
