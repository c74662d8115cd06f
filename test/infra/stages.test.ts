// Each stage synthesized from its file (test/infra/synthesized.ts): its names, tags, backups,
// alarms and dashboard. Two stages must be able to live in one account, and a deployment must
// run for years.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, test } from 'vitest';
import { GRANT_PERIOD_YEARS, loadStageConfig } from '../../infra/config.js';
import { DAILY_BACKUP_DAYS, monthlyBackupDays } from '../../infra/constructs/data.js';
import { FUNCTIONS } from '../../infra/functions.js';
import { PROJECT_TAG, stackName, wafStackName } from '../../infra/synth.js';
import { STAGES, stageStack } from './synthesized.js';

const ROOT = path.join(__dirname, '../..');

describe.each(STAGES)('the %s stage, from its file', (stage) => {
  const config = loadStageConfig(stage);

  test('the stack carries the stage in its name, and so do the named resources', () => {
    const { stack, json } = stageStack(stage);
    expect(stack.stackName).toBe(stackName(stage));
    expect(stack.stackName).toContain(stage);
    // Names the template sets itself (others CloudFormation derives from the stack's name).
    const names = Object.values(json.Resources).flatMap((r) =>
      [
        r.Type === 'AWS::Logs::LogGroup' ? r.Properties?.LogGroupName : undefined,
        r.Properties?.DashboardName,
        r.Properties?.BackupVaultName,
        r.Properties?.BackupPlan?.BackupPlanName,
        r.Properties?.MetricTransformations?.[0]?.MetricNamespace,
      ].filter((name) => name !== undefined),
    );
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const name of names) expect(JSON.stringify(name)).toContain(stage);
  });

  test('every resource that takes tags has project, stage and owner; so has the stack', () => {
    const { stack, json } = stageStack(stage);
    const expected = { project: PROJECT_TAG, stage, owner: config.owner };
    expect(stack.tags.tagValues()).toEqual(expected);
    let tagged = 0;
    for (const [id, resource] of Object.entries(json.Resources)) {
      const tags = resource.Properties?.Tags;
      if (!Array.isArray(tags)) continue;
      tagged++;
      const values = Object.fromEntries(
        tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value]),
      );
      expect(values, id).toMatchObject(expected);
    }
    // The table, the functions and their roles, the state machines, queue, topic, vault…
    expect(tagged).toBeGreaterThan(2 * Object.keys(FUNCTIONS).length);
    const table = Object.values(json.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(table.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'stage', Value: stage }]));
  });

  test('the backup plan: daily kept 35 days, monthly for the grant period and the retention period', () => {
    const { stack, template } = stageStack(stage);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    const [plan] = Object.values(template.findResources('AWS::Backup::BackupPlan'));
    const rules = Object.fromEntries(
      plan!.Properties.BackupPlan.BackupPlanRule.map((r: { RuleName: string }) => [r.RuleName, r]),
    );
    expect(Object.keys(rules).sort()).toEqual(['Daily', 'Monthly']);
    expect(rules.Daily).toMatchObject({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Oslo',
      Lifecycle: { DeleteAfterDays: DAILY_BACKUP_DAYS },
    });
    const monthlyDays = monthlyBackupDays(config.backup.retentionYears);
    expect(monthlyDays).toBeGreaterThanOrEqual(
      (GRANT_PERIOD_YEARS + config.backup.retentionYears) * 365,
    );
    expect(rules.Monthly).toMatchObject({
      ScheduleExpression: 'cron(0 3 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Oslo',
      Lifecycle: { DeleteAfterDays: monthlyDays },
    });
    // The plan backs up the table, and keeps its vault when the stack goes.
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: Match.arrayWith([{ 'Fn::GetAtt': [logicalId(stack, stack.data.table), 'Arn'] }]),
      }),
    });
    template.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('one dashboard, with every alarm and the figures', () => {
    const { stack, template } = stageStack(stage);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard!.Properties.DashboardName).toBe(`AlisGrants-${stage}`);
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    expect(stack.alarms.alarms.length).toBeGreaterThan(30);
    for (const alarm of stack.alarms.alarms) {
      expect(body).toContain(logicalId(stack, alarm));
    }
    for (const figure of [
      'ExecutionsStarted',
      'Count',
      '5xx',
      'Errors',
      'ConsumedWriteCapacityUnits',
    ]) {
      expect(body).toContain(figure);
    }
  });
});

function logicalId(
  stack: { resolve(x: unknown): unknown },
  construct: { node: { defaultChild?: unknown } },
): string {
  return stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
}

describe('alarms, each by its metric', () => {
  const { stack, template } = stageStack('staging');
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (a) => a.Properties,
  );
  const ref = (construct: { node: { defaultChild?: unknown } }) => ({
    Ref: logicalId(stack, construct),
  });
  const find = (namespace: string, metric: string, dimension?: unknown) =>
    alarms.filter(
      (a) =>
        a.Namespace === namespace &&
        a.MetricName === metric &&
        (dimension === undefined ||
          JSON.stringify(a.Dimensions).includes(JSON.stringify(dimension))),
    );

  test('every alarm goes to the alarm topic, fires at its threshold and not on missing data', () => {
    const topic = ref(stack.alarms.topic);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmDescription.length).toBeGreaterThan(40);
    }
  });

  test('errors and throttles of each function', () => {
    for (const fn of Object.values(stack.functions)) {
      const dimension = ref(fn.function);
      expect(find('AWS/Lambda', 'Errors', dimension).length, fn.name).toBeGreaterThanOrEqual(1);
      expect(find('AWS/Lambda', 'Throttles', dimension), fn.name).toHaveLength(1);
    }
    // A workflow step's errors count when they outlast its retries; the web function's at once.
    expect(find('AWS/Lambda', 'Errors', ref(stack.functions.web.function))[0]).toMatchObject({
      EvaluationPeriods: 1,
      Threshold: 1,
    });
    expect(
      find('AWS/Lambda', 'Errors', ref(stack.functions.requestReview.function))[0],
    ).toMatchObject({
      EvaluationPeriods: 3,
    });
  });

  test("the API's 5xx", () => {
    expect(find('AWS/ApiGateway', '5xx', ref(stack.api.httpApi))).toEqual([
      expect.objectContaining({ Threshold: 1, Statistic: 'Sum' }),
    ]);
  });

  test("the table's throttled reads and writes", () => {
    const throttled = alarms.filter((a) =>
      JSON.stringify(a.Metrics ?? []).includes('ReadThrottleEvents'),
    );
    expect(throttled).toHaveLength(1);
    const metrics = JSON.stringify(throttled[0].Metrics);
    expect(metrics).toContain('WriteThrottleEvents');
    expect(metrics).toContain(JSON.stringify(ref(stack.data.table)));
  });

  test('failed and timed-out executions of each state machine', () => {
    for (const machine of [
      stack.workflow.stateMachine,
      stack.paymentWorkflow.stateMachine,
      stack.signInRequests.stateMachine,
    ]) {
      expect(find('AWS/States', 'ExecutionsFailed', ref(machine))).toHaveLength(1);
      expect(find('AWS/States', 'ExecutionsTimedOut', ref(machine))).toHaveLength(1);
    }
  });

  test('the workflow alarms of before, and the dead-letter queue', () => {
    expect(find('AlisGrants/staging', 'WorkflowResumeFailedTwice')).toHaveLength(1);
    const queue = { 'Fn::GetAtt': [logicalId(stack, stack.schedule.deadLetterQueue), 'QueueName'] };
    expect(find('AWS/SQS', 'ApproximateNumberOfMessagesVisible', queue)).toHaveLength(1);
    const ids = stack.alarms.alarms.map((a) => a.node.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'WorkflowResumeFailedTwice',
        'WorkflowStopNotRecorded',
        'DailyRunDeadLetters',
      ]),
    );
  });

  test('the alarm e-mail of the file is subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: loadStageConfig('staging').alarmEmail,
    });
  });
});

describe('deployable stages and the local one', () => {
  test("staging and production pin their file's account and region; local stays open", () => {
    expect(stageStack('staging').stack.account).toBe(loadStageConfig('staging').account);
    expect(stageStack('production').stack.region).toBe('eu-north-1');
    expect(stageStack('local').stack.resolve(stageStack('local').stack.account)).toEqual({
      Ref: 'AWS::AccountId',
    });
  });

  test('production has the front: its web ACL stack carries the stage too', () => {
    const { app } = stageStack('production');
    expect(app.node.tryFindChild(wafStackName('production'))).toBeDefined();
    expect(app.node.tryFindChild(wafStackName('staging'))).toBeUndefined();
  });

  test('the API stage throttles as the file says', () => {
    const staging = loadStageConfig('staging');
    stageStack('staging').template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: staging.api.rateLimit,
        ThrottlingBurstLimit: staging.api.burstLimit,
      }),
    });
  });

  test('the local template refuses to be deployed; the others do not', () => {
    expect(Object.keys(stageStack('local').json.Rules as object)).toContain(
      'LocalStageIsNotDeployed',
    );
    expect(Object.keys(stageStack('staging').json.Rules as object)).not.toContain(
      'LocalStageIsNotDeployed',
    );
  });

  test('synthesis warns while a deployable stage holds the example values', () => {
    const warnings = (stage: 'local' | 'staging') =>
      Annotations.fromStack(stageStack(stage).stack).findWarning(
        '*',
        Match.stringLikeRegexp('still holds example values'),
      );
    expect(warnings('staging')).toHaveLength(1);
    expect(warnings('local')).toHaveLength(0);
  });
});

test('cdk.json takes the feature flags cdk init recommends, but for the pinned ones', () => {
  const recommended = JSON.parse(
    fs.readFileSync(
      path.join(ROOT, 'node_modules/aws-cdk-lib/recommended-feature-flags.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;
  const context = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;
  const pinned = Object.keys(recommended).filter(
    (flag) => JSON.stringify(context[flag]) !== JSON.stringify(recommended[flag]),
  );
  expect(pinned).toEqual([
    '@aws-cdk/aws-iam:minimizePolicies',
    '@aws-cdk/core:defaultCrossStackReferences',
  ]);
  // Each pin is explained in the runbook.
  const runbook = fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8');
  for (const flag of pinned) expect(runbook).toContain(flag);
});
