// Mail that bounces: the configuration set every e-mail is sent with publishes its bounces and
// complaints to EventBridge's default bus, and a rule hands this stage's (matched by the
// configuration set's name, which SES tags every event with) to the mailEvents function, which
// marks the address undeliverable and tells the lead. Delivery is retried by EventBridge and the
// function's failures by Lambda; what outlasts both lands in a dead-letter queue, with an alarm.
//
// The alarms on SES's reputation: SES reviews an account from a 5 % bounce rate or a 0.1 %
// complaint rate (and may pause its sending above 10 % or 0.5 %); these fire before that.

import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Alarms } from './alarms.js';

/** The EventBridge detail types of the SES events the function handles. */
export const MAIL_EVENT_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

/** The alarms' thresholds, as fractions (SES's own metrics are fractions: 0.05 is 5 %). */
export const SES_REPUTATION_ALARMS = {
  bounceRate: { metricName: 'Reputation.BounceRate', threshold: 0.04 },
  complaintRate: { metricName: 'Reputation.ComplaintRate', threshold: 0.0008 },
} as const;

export interface MailEventsProps {
  configurationSet: ses.IConfigurationSet;
  /** The mailEvents function. */
  handler: lambda.IFunction;
  /** The stack's alarms: these join them (their topic, the dashboard, docs/operations.md). */
  alarms: Alarms;
}

export class MailEvents extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);

    // SES publishes to the default bus only.
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    new ses.ConfigurationSetEventDestination(this, 'Destination', {
      configurationSet: props.configurationSet,
      destination: ses.EventDestination.eventBus(bus),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the SES bounce and complaint events.',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the SES bounce and complaint events; nothing consumes it but an operator replaying them (docs/operations.md).',
    });
    Validations.of(props.handler).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        "Its events fail over to this construct's dead-letter queue twice over: the rule target's queue after EventBridge's retries, and the function's on-failure destination after Lambda's own.",
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'SES bounces and complaints of this stage, to the mailEvents function',
      eventBus: bus,
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...MAIL_EVENT_DETAIL_TYPES],
        // Other stages' configuration sets publish to the same bus.
        detail: {
          mail: {
            tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] },
          },
        },
      },
      targets: [
        new targets.LambdaFunction(props.handler, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    // EventBridge invokes asynchronously: a failure inside the function is retried by Lambda,
    // then lands in the same queue.
    props.handler.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });

    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        // SES computes the rate over a representative volume of mail; the latest value is what it acts on.
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(1),
      });
    const alarm = (
      name: string,
      description: string,
      metric: cloudwatch.IMetric,
      threshold: number,
    ) => props.alarms.add(name, { description, metric, threshold });
    this.alarms = [
      alarm(
        'SesBounceRate',
        "SES's bounce rate of the account reached 4 % (SES reviews the account at 5 %, may pause sending at 10 %). Addresses that bounce are marked and get no more mail; look for a bad batch of addresses or a typo in the programme's staff.",
        reputation(SES_REPUTATION_ALARMS.bounceRate.metricName),
        SES_REPUTATION_ALARMS.bounceRate.threshold,
      ),
      alarm(
        'SesComplaintRate',
        "SES's complaint rate of the account reached 0.08 % (SES reviews the account at 0.1 %, may pause sending at 0.5 %). Recipients marked the mail as spam; those addresses get no more mail.",
        reputation(SES_REPUTATION_ALARMS.complaintRate.metricName),
        SES_REPUTATION_ALARMS.complaintRate.threshold,
      ),
      alarm(
        'MailEventsDeadLetters',
        'An SES bounce or complaint event could not be handled after its retries: the address is not marked. See the dead-letter queue.',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        1,
      ),
    ];
  }
}
