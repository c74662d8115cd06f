// Mail that bounces, in the template: the configuration set publishes bounces and complaints to
// EventBridge, a rule hands this stage's to the mailEvents function (with a dead-letter queue),
// and SES's reputation metrics have alarms on the alarm topic.

import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, test } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../infra/functions.js';
import type { AlisStack } from '../../infra/stack.js';
import { mainStack } from './synthesized.js';

let stack: AlisStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = mainStack());
}, 120_000);

function id(construct: IConstruct): string {
  const cfn = construct.node.defaultChild ?? construct;
  if (!(cfn instanceof CfnElement)) throw new Error(`${construct.node.path} has no resource`);
  return Stack.of(cfn).resolve(cfn.logicalId) as string;
}

describe('configuration set', () => {
  test('every function that mails sends with it, and it keeps reputation metrics', () => {
    const configurationSet = { Ref: id(stack.mail.configurationSet) };
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      if (!FUNCTIONS[name].access.sendMail) continue;
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: FUNCTIONS[name].description,
        Environment: { Variables: Match.objectLike({ SES_CONFIGURATION_SET: configurationSet }) },
      });
    }
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });

  test('publishes bounces and complaints, and only those, to the default event bus', () => {
    const destinations = template.findResources('AWS::SES::ConfigurationSetEventDestination');
    expect(Object.keys(destinations)).toHaveLength(1);
    const destination = Object.values(destinations)[0]!;
    expect(destination.Properties.ConfigurationSetName).toEqual({
      Ref: id(stack.mail.configurationSet),
    });
    const { EventDestination } = destination.Properties;
    expect(EventDestination.Enabled).toBe(true);
    expect([...EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint']);
    expect(JSON.stringify(EventDestination.EventBridgeDestination.EventBusArn)).toContain(
      'event-bus/default',
    );
  });
});

describe('the mailEvents function', () => {
  test("a rule hands it this stage's bounces and complaints, with retries and a dead-letter queue", () => {
    const handler = id(stack.functions.mailEvents.function);
    const queue = id(stack.mailEvents.deadLetterQueue);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: {
          mail: { tags: { 'ses:configuration-set': [{ Ref: id(stack.mail.configurationSet) }] } },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [handler, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [handler, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [id(stack.mailEvents.rule), 'Arn'] },
    });
    // A failure inside the function: Lambda retries, then the same queue.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: handler },
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } },
      },
    });
  });
});

describe('alarms', () => {
  test("SES's bounce and complaint rates and the dead-letter queue reach the alarm topic", () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    const byMetric = Object.fromEntries(alarms.map((a) => [`${a.Namespace} ${a.MetricName}`, a]));
    const topic = [{ Ref: id(stack.alarms.topic) }];
    expect(byMetric['AWS/SES Reputation.BounceRate']).toMatchObject({
      Threshold: 0.04,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Statistic: 'Maximum',
      AlarmActions: topic,
    });
    expect(byMetric['AWS/SES Reputation.ComplaintRate']).toMatchObject({
      Threshold: 0.0008,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: topic,
    });
    const deadLetters = alarms.filter(
      (a) =>
        a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(a.Dimensions).includes(id(stack.mailEvents.deadLetterQueue)),
    );
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ Threshold: 1, AlarmActions: topic });
  });
});
