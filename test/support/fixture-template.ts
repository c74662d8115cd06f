// A small hand-written template of the same shape CDK synthesizes for this project, for the local
// stack's unit tests: the definition is an Fn::Join with Fn::GetAtt [Lambda, "Arn"] parts.

import type { CfnTemplate, StateMachineDefinition } from '../../infra/local/template.js';

const LAMBDAS = {
  web: 'WebFunctionHandlerAAAA1111',
  notifyMunicipality: 'NotifyFunctionHandlerBBBB2222',
  requestReview: 'RequestReviewFunctionHandlerCCCC3333',
  requestChanges: 'RequestChangesFunctionHandlerDDDD4444',
  dailyRun: 'DailyRunFunctionHandlerEEEE5555',
} as const;

export const LOGICAL_IDS = {
  ...LAMBDAS,
  table: 'DataTable1234',
  stateMachine: 'ReviewStateMachine5678',
} as const;

/** `{{fn:requestReview}}` in a definition stands for that Lambda's ARN. */
const ref = (key: keyof typeof LAMBDAS) => `{{fn:${key}}}`;

const RETRY = [
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 },
];

/** The review workflow's shape (as in the context brief), with placeholders for the Lambda ARNs. */
export function reviewDefinition(): StateMachineDefinition {
  const notify = (notice: string, next: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: ref('notifyMunicipality'),
      Payload: { 'applicationId.$': '$.applicationId', notice },
    },
    ResultPath: null,
    Retry: RETRY,
    Next: next,
  });
  return {
    StartAt: 'Send receipt',
    States: {
      'Send receipt': notify('received', 'Request review'),
      'Request review': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: ref('requestReview'),
          Payload: { 'applicationId.$': '$.applicationId', 'taskToken.$': '$$.Task.Token' },
        },
        ResultPath: '$.review',
        Retry: [
          {
            ErrorEquals: ['Lambda.ServiceException'],
            IntervalSeconds: 1,
            MaxAttempts: 2,
            BackoffRate: 2,
          },
        ],
        Next: 'Decision?',
      },
      'Decision?': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.review.decision', StringEquals: 'approve', Next: 'Notify approval' },
          { Variable: '$.review.decision', StringEquals: 'reject', Next: 'Notify rejection' },
          {
            Variable: '$.review.decision',
            StringEquals: 'request-changes',
            Next: 'Request changes',
          },
        ],
        Default: 'Unknown decision',
      },
      'Notify approval': notify('approved', 'Approved'),
      Approved: { Type: 'Succeed' },
      'Notify rejection': notify('rejected', 'Rejected'),
      Rejected: { Type: 'Succeed' },
      'Request changes': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: ref('requestChanges'),
          Payload: {
            'applicationId.$': '$.applicationId',
            'taskToken.$': '$$.Task.Token',
            'comment.$': '$.review.comment',
          },
        },
        ResultPath: '$.changes',
        Next: 'Amended?',
      },
      'Amended?': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.changes.outcome', StringEquals: 'amended', Next: 'Request review' },
          { Variable: '$.changes.outcome', StringEquals: 'withdrawn', Next: 'Notify withdrawal' },
        ],
        Default: 'Unknown change outcome',
      },
      'Notify withdrawal': notify('withdrawn', 'Withdrawn'),
      Withdrawn: { Type: 'Succeed' },
      'Unknown decision': { Type: 'Fail', Error: 'UnknownDecision', Cause: 'no such decision' },
      'Unknown change outcome': { Type: 'Fail', Error: 'UnknownChangeOutcome' },
    },
  };
}

/** The definition as CDK writes it: JSON text cut at each Lambda ARN into an Fn::Join. */
function definitionString(definition: object): unknown {
  const text = JSON.stringify(definition);
  const parts: unknown[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{\{fn:(\w+)\}\}/g)) {
    parts.push(text.slice(last, m.index));
    parts.push({ 'Fn::GetAtt': [LAMBDAS[m[1] as keyof typeof LAMBDAS], 'Arn'] });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  // CDK also splits out the partition; do the same so the resolver meets Ref AWS::Partition.
  const split = parts.flatMap((p) =>
    typeof p === 'string'
      ? p
          .split('arn:aws:states')
          .flatMap((s, i) => (i === 0 ? [s] : ['arn:', { Ref: 'AWS::Partition' }, `:states${s}`]))
      : [p],
  );
  return { 'Fn::Join': ['', split] };
}

/** Replaces `{{fn:key}}` placeholders with the local ARNs readTemplate gives the fixture's Lambdas. */
export function resolvedDefinition(
  definition: StateMachineDefinition = reviewDefinition(),
): StateMachineDefinition {
  return JSON.parse(
    JSON.stringify(definition).replace(
      /\{\{fn:(\w+)\}\}/g,
      (_, key: keyof typeof LAMBDAS) =>
        `arn:aws:lambda:eu-north-1:000000000000:function:${LAMBDAS[key]}`,
    ),
  ) as StateMachineDefinition;
}

export function fixtureTemplate(definition: object = reviewDefinition()): CfnTemplate {
  const env = {
    TABLE_NAME: { Ref: LOGICAL_IDS.table },
    MAIL_FROM: 'ALIS-tilskudd <no-reply@alis.example.no>',
    SES_CONFIGURATION_SET: { Ref: 'MailConfigurationSet' },
    NODE_OPTIONS: '--enable-source-maps',
    PUBLIC_BASE_URL: { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] },
  };
  const lambda = (key: keyof typeof LAMBDAS, extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::Lambda::Function',
    Metadata: { 'alis:function': key },
    Properties: { Runtime: 'nodejs24.x', Environment: { Variables: { ...env, ...extra } } },
  });
  const route = (routeKey: string) => ({
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      RouteKey: routeKey,
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'WebIntegration' }]] },
    },
  });
  return {
    Resources: {
      [LOGICAL_IDS.table]: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'gsi1pk', AttributeType: 'S' },
            { AttributeName: 'gsi1sk', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byDue',
              KeySchema: [
                { AttributeName: 'gsi1pk', KeyType: 'HASH' },
                { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
          TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
        },
      },
      MailConfigurationSet: { Type: 'AWS::SES::ConfigurationSet', Properties: {} },
      [LAMBDAS.web]: lambda('web', { STATE_MACHINE_ARN: { Ref: LOGICAL_IDS.stateMachine } }),
      [LAMBDAS.notifyMunicipality]: lambda('notifyMunicipality'),
      [LAMBDAS.requestReview]: lambda('requestReview'),
      [LAMBDAS.requestChanges]: lambda('requestChanges'),
      [LAMBDAS.dailyRun]: lambda('dailyRun'),
      // A CDK-internal function (no metadata): not ours, ignored.
      CustomResourceProvider: { Type: 'AWS::Lambda::Function', Properties: {} },
      [LOGICAL_IDS.stateMachine]: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          DefinitionString: definitionString(definition),
          RoleArn: { 'Fn::GetAtt': ['StateMachineRole', 'Arn'] },
        },
      },
      HttpApi: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: { Name: 'HttpApi', ProtocolType: 'HTTP' },
      },
      WebIntegration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'HttpApi' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': [LAMBDAS.web, 'Arn'] },
          PayloadFormatVersion: '2.0',
        },
      },
      RouteRoot: route('GET /'),
      RouteApply: route('GET /apply/{programme}'),
      RouteApplications: route('POST /applications'),
      RouteDecisionGet: route('GET /decisions/{token}'),
      RouteDecisionPost: route('POST /decisions/{token}'),
      RouteAssets: route('GET /assets/{file}'),
      DailySchedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          FlexibleTimeWindow: { Mode: 'OFF' },
          ScheduleExpression: 'cron(0 6 * * ? *)',
          ScheduleExpressionTimezone: 'Europe/Oslo',
          State: 'ENABLED',
          Target: {
            Arn: { 'Fn::GetAtt': [LAMBDAS.dailyRun, 'Arn'] },
            Input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
            RoleArn: { 'Fn::GetAtt': ['ScheduleRole', 'Arn'] },
          },
        },
      },
    },
  };
}
