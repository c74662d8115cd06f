// The daily run: EventBridge Scheduler invokes one function every morning, Oslo time, so summer
// time moves the run with the clocks instead of by an hour. A run that cannot be delivered, or
// fails after Lambda's retries, lands in a dead-letter queue; the next day's run catches up anyway,
// because it takes everything due up to its own time.

import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OSLO_TIME_ZONE } from '../../shared/domain/calendar.js';

export const DAILY_RUN_SCHEDULE = {
  expression: 'cron(0 6 * * ? *)',
  timezone: OSLO_TIME_ZONE,
} as const;

export interface ScheduleProps {
  target: lambda.IFunction;
}

export class Schedule extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler start the daily run',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.target.functionArn],
      }),
    );
    // Scheduler delivers failed invocations to the DLQ with the schedule's own role.
    this.deadLetterQueue.grantSendMessages(this.role);

    this.schedule = new scheduler.CfnSchedule(this, 'DailyRun', {
      description: 'Daily run of the ALIS grants: reminders, escalations, due instalments',
      scheduleExpression: DAILY_RUN_SCHEDULE.expression,
      scheduleExpressionTimezone: DAILY_RUN_SCHEDULE.timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.target.functionArn,
        roleArn: this.role.roleArn,
        input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 6 * 60 * 60 },
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      },
    });

    // Scheduler invokes Lambda asynchronously: its retry policy and dead-letter queue only cover
    // delivery. A run that fails inside the function is retried by Lambda, then lands here too.
    props.target.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });

    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the daily-run schedule.',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the daily-run schedule; nothing consumes it but an operator replaying a run (docs/operations.md).',
    });
    Validations.of(props.target).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        "The schedule's asynchronous invocations have an on-failure destination instead: this construct's dead-letter queue, after Lambda's two retries.",
    });
  }
}
