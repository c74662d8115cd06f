// Properties of the synthesized stack that matter for safety and operation. Bundling is off: the
// Lambda code is irrelevant here, and esbuild would only make the test slow.

import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, test } from 'vitest';
import { FUNCTIONS, type FunctionName, type WorkflowName } from '../../infra/functions.js';
import type { AlisStack } from '../../infra/stack.js';
import { mainStack } from './synthesized.js';

let stack: AlisStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = mainStack());
  // Synthesis takes seconds, and far more on a busy machine than a hook's default 10 s.
}, 120_000);

const functionNames = Object.keys(FUNCTIONS) as FunctionName[];

function id(construct: IConstruct): string {
  const cfn = construct.node.defaultChild ?? construct;
  if (!(cfn instanceof CfnElement))
    throw new Error(`${construct.node.path} is not a CloudFormation element`);
  return Stack.of(cfn).resolve(cfn.logicalId) as string;
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function statementsOf(roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) },
  });
  return Object.values(policies).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Statement[],
  );
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

describe('table', () => {
  test('is on-demand, recoverable, protected from deletion, and encrypted with the AWS-managed key', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  test('has the single-table keys, the TTL attribute, the byDue and byProgramme indexes', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byDue',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
        Match.objectLike({
          IndexName: 'byProgramme',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ],
    });
  });
});

describe('functions', () => {
  test('every function runs Node.js 24 on arm64 with its own log group', () => {
    const lambdas = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(lambdas)).toHaveLength(functionNames.length);
    for (const [logicalId, resource] of Object.entries(lambdas)) {
      expect(resource.Properties, logicalId).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  test('functions are not traced with X-Ray, and no function role may write traces', () => {
    // The choice docs/architecture.md explains: the SDK calls are not captured, so Lambda traces would show
    // only invocations; the state machine keeps its tracing (asserted below).
    for (const [logicalId, resource] of Object.entries(
      template.findResources('AWS::Lambda::Function'),
    )) {
      expect(resource.Properties.TracingConfig, logicalId).toBeUndefined();
    }
    for (const name of functionNames) {
      const xray = statementsOf(id(stack.functions[name].role))
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('xray:'));
      expect(xray, name).toEqual([]);
    }
  });

  test('log groups have a retention period', () => {
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(logGroups).length).toBeGreaterThanOrEqual(functionNames.length);
    for (const [logicalId, resource] of Object.entries(logGroups)) {
      expect(resource.Properties?.RetentionInDays, logicalId).toBeGreaterThan(0);
    }
  });

  test.each(functionNames)(
    '%s gets the shared environment, and the state machine only if it starts executions',
    (name) => {
      const fn = stack.functions[name];
      const variables =
        template.toJSON().Resources[id(fn.function)].Properties.Environment.Variables;
      expect(variables).toMatchObject({
        TABLE_NAME: { Ref: id(stack.data.table) },
        MAIL_FROM: 'ALIS-tilskudd <no-reply@alis.example.no>',
        SES_CONFIGURATION_SET: { Ref: id(stack.mail.configurationSet) },
        PUBLIC_BASE_URL: { 'Fn::GetAtt': [id(stack.api.httpApi), 'ApiEndpoint'] },
      });
      const workflows: Partial<Record<WorkflowName, readonly string[]>> =
        FUNCTIONS[name].access.workflows;
      const machines = {
        review: ['STATE_MACHINE_ARN', stack.workflow.stateMachine],
        payment: ['PAYMENT_STATE_MACHINE_ARN', stack.paymentWorkflow.stateMachine],
        signIn: ['SIGN_IN_STATE_MACHINE_ARN', stack.signInRequests.stateMachine],
        municipalityRequests: [
          'MUNICIPALITY_REQUESTS_STATE_MACHINE_ARN',
          stack.municipalityRequests.stateMachine,
        ],
      } as const;
      for (const [workflow, [variable, machine]] of Object.entries(machines)) {
        if (workflows[workflow as WorkflowName]?.includes('start')) {
          expect(variables[variable]).toEqual({ Ref: id(machine) });
        } else {
          expect(variables[variable]).toBeUndefined();
        }
      }
    },
  );
});

describe('IAM', () => {
  test('no statement grants a wildcard action', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const actions = Object.values(policies).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf),
    );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    // Keyed queries only, and nothing that erases: applications and their audit trail are records.
    for (const forbidden of [
      'dynamodb:Scan',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteTable',
    ]) {
      expect(actions).not.toContain(forbidden);
    }
  });

  test('the web role may start executions of the state machine and answer its task tokens', () => {
    const stateMachine = { Ref: id(stack.workflow.stateMachine) };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: id(stack.functions.web.role) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'states:StartExecution',
            Resource: stateMachine,
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: Match.arrayWith(['states:SendTaskSuccess', 'states:SendTaskFailure']),
            Resource: stateMachine,
          }),
        ]),
      },
    });
  });

  test('only functions with workflow access touch a state machine, and only the one named', () => {
    const machines = {
      review: id(stack.workflow.stateMachine),
      payment: id(stack.paymentWorkflow.stateMachine),
    };
    for (const name of functionNames) {
      const workflows: Partial<Record<WorkflowName, readonly string[]>> =
        FUNCTIONS[name].access.workflows;
      const statements = statementsOf(id(stack.functions[name].role));
      for (const [workflow, machine] of Object.entries(machines)) {
        const access = workflows[workflow as WorkflowName] ?? [];
        const actions = statements
          .filter((s) => JSON.stringify(s.Resource).includes(machine))
          .flatMap(actionsOf);
        expect(actions.includes('states:StartExecution'), `${name} ${workflow}`).toBe(
          access.includes('start'),
        );
        expect(actions.includes('states:SendTaskSuccess'), `${name} ${workflow}`).toBe(
          access.includes('resume'),
        );
      }
    }
  });

  test('sending mail is limited to the identity and the configuration set', () => {
    for (const name of functionNames) {
      const sesStatements = statementsOf(id(stack.functions[name].role)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('ses:')),
      );
      if (!FUNCTIONS[name].access.sendMail) {
        expect(sesStatements, name).toEqual([]);
        continue;
      }
      expect(sesStatements, name).toHaveLength(1);
      const [statement] = sesStatements;
      expect(actionsOf(statement!).sort()).toEqual(['ses:SendEmail']);
      expect(statement!.Resource).toEqual([
        {
          'Fn::Join': [
            '',
            expect.arrayContaining([':identity/', { Ref: id(stack.mail.identity) }]),
          ],
        },
        {
          'Fn::Join': [
            '',
            expect.arrayContaining([
              ':configuration-set/',
              { Ref: id(stack.mail.configurationSet) },
            ]),
          ],
        },
      ]);
    }
  });

  test('the web function mails nobody; the sign-in step, which checks the register, may send', () => {
    // Asserted by name, not through the function table, so that widening an SES grant fails here.
    // The mail bound rests on this: an anonymous request reaches only the web function, which
    // cannot send, and the sign-in step it starts mails only addresses in the staff register.
    const sesOf = (role: IConstruct) =>
      statementsOf(id(role)).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(sesOf(stack.functions.web.role)).toEqual([]);
    const ses = sesOf(stack.functions.staffSignIn.role);
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0]!)).toEqual(['ses:SendEmail']);
    for (const name of [
      'notifyMunicipality',
      'requestReview',
      'requestChanges',
      'dailyRun',
    ] as const) {
      expect(statementsOf(id(stack.functions[name].role)).flatMap(actionsOf), name).toContain(
        'ses:SendEmail',
      );
    }
  });

  test('table access follows the function table: read-only functions cannot write', () => {
    for (const name of functionNames) {
      const dynamo = statementsOf(id(stack.functions[name].role))
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('dynamodb:'));
      expect(dynamo, name).toContain('dynamodb:Query');
      expect(dynamo.includes('dynamodb:PutItem'), name).toBe(
        FUNCTIONS[name].access.table === 'readWrite',
      );
    }
  });
});

describe('mail', () => {
  test('the configuration set suppresses bounces and complaints', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: Match.arrayEquals(['BOUNCE', 'COMPLAINT']) },
    });
  });

  test('the domain identity sends with that configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'alis.example.no',
      ConfigurationSetAttributes: {
        ConfigurationSetName: { Ref: id(stack.mail.configurationSet) },
      },
    });
  });
});

describe('state machine', () => {
  test('is Standard, traced, and logs ALL without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [
          {
            CloudWatchLogsLogGroup: {
              LogGroupArn: { 'Fn::GetAtt': [id(stack.workflow.logGroup), 'Arn'] },
            },
          },
        ],
      }),
    });
    // A vended-logs name keeps the account's CloudWatch Logs resource policy out of it.
    const logGroup = template.toJSON().Resources[id(stack.workflow.logGroup)];
    expect(logGroup.Properties.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\/[A-Za-z0-9-]+$/);
  });

  test.each([
    [
      'review',
      () => stack.workflow,
      [
        'notifyMunicipality',
        'awaitContact',
        'requestReview',
        'requestChanges',
        'createGrant',
        'recordStop',
      ],
    ],
    [
      'payment',
      () => stack.paymentWorkflow,
      ['requestConfirmation', 'endGrant', 'awaitPayment', 'notifyPaid', 'recordStop'],
    ],
  ] as const)('the %s state machine may invoke exactly its own steps', (_, workflow, steps) => {
    const invoked = statementsOf(id(workflow().stateMachine.role))
      .filter((s) => actionsOf(s).includes('lambda:InvokeFunction'))
      .map((s) => (s.Resource as Array<Record<string, unknown>>)[0]);
    const order = (refs: unknown[]) => refs.map((r) => JSON.stringify(r)).sort();
    expect(order(invoked)).toEqual(
      order(steps.map((n) => ({ 'Fn::GetAtt': [id(stack.functions[n].function), 'Arn'] }))),
    );
  });
});

describe('HTTP API', () => {
  const routeKeys = [
    'GET /',
    'GET /apply/{programme}',
    'POST /applications',
    'GET /receipt/{token}',
    'GET /status/{token}',
    'POST /status/{token}/withdraw',
    'POST /status/{token}/decline',
    'GET /status/{token}/letters/{letterId}',
    'GET /complaints/{token}',
    'POST /complaints/{token}',
    'GET /status/{token}/documents',
    'GET /status/{token}/documents/{documentId}',
    'GET /decisions/{token}',
    'POST /decisions/{token}',
    'GET /amend/{token}',
    'POST /amend/{token}',
    'GET /assets/{file}',
    'GET /calculator',
    'GET /personvern',
    'GET /tilgjengelighet',
    'GET /confirmations/{token}',
    'POST /confirmations/{token}',
    'GET /verify/{token}',
    'POST /verify/{token}',
    'GET /payments/{token}',
    'POST /payments/{token}',
    'POST /drafts',
    'GET /drafts/{token}',
    'POST /drafts/{token}',
    'GET /find',
    'POST /find',
    'GET /positions/{token}',
    'POST /positions/{token}',
    'GET /staff/login',
    'POST /staff/login',
    'GET /staff/signin/{token}',
    'POST /staff/signin/{token}',
    'POST /staff/logout',
    'GET /staff',
    'GET /staff/applications',
    'GET /staff/applications/{id}',
    'POST /staff/applications/{id}/actions',
    'GET /staff/applications/{id}/documents/{documentId}',
    'GET /staff/applications/{id}/archive',
    'GET /staff/evaluation',
    'GET /staff/exports/{programme}/{file}',
    'GET /staff/admin',
    'POST /staff/admin/{programme}/staff',
    'POST /staff/admin/{programme}/staff/remove',
    'POST /staff/admin/{programme}/rounds',
    'POST /staff/admin/{programme}/rounds/{roundId}',
    'ANY /staff/{proxy+}',
  ];

  // API Gateway matches a GET route for GET only: every GET has its HEAD beside it.
  const isGet = (key: string) => key.startsWith('GET ');
  const asHead = (key: string) => key.replace(/^GET /, 'HEAD ');

  test('serves the listed routes, all through the web function (payload 2.0)', () => {
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    expect(
      Object.values(routes)
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual([...routeKeys, ...routeKeys.filter(isGet).map(asHead)].sort());

    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [id(stack.functions.web.function), 'Arn'] },
    });
  });

  test('the default stage is throttled and logs route keys, never raw paths', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
      }),
      AccessLogSettings: Match.objectLike({
        DestinationArn: { 'Fn::GetAtt': [id(stack.api.accessLogs), 'Arn'] },
      }),
    });
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = stage!.Properties.AccessLogSettings.Format as string;
    expect(format).toContain('$context.routeKey');
    expect(format).toContain('$context.requestId');
    expect(format).not.toContain('$context.path');
    expect(JSON.parse(format)).toBeTypeOf('object');
  });
});

describe('daily run', () => {
  test('runs at 06:00 Oslo time, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Oslo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [id(stack.functions.dailyRun.function), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [id(stack.schedule.role), 'Arn'] },
        RetryPolicy: {
          MaximumRetryAttempts: Match.anyValue(),
          MaximumEventAgeInSeconds: Match.anyValue(),
        },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [id(stack.schedule.deadLetterQueue), 'Arn'] } },
      }),
    });
  });

  test('a daily run that fails inside the function is retried by Lambda, then sent to the same dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: id(stack.functions.dailyRun.function) },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [id(stack.schedule.deadLetterQueue), 'Arn'] } },
      },
    });
  });

  test('its role may invoke the daily-run function and write to its DLQ, nothing else', () => {
    const statements = statementsOf(id(stack.schedule.role));
    expect(statements).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [id(stack.functions.dailyRun.function), 'Arn'] },
      }),
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: { 'Fn::GetAtt': [id(stack.schedule.deadLetterQueue), 'Arn'] },
      }),
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      },
    });
  });

  test('the DLQ is encrypted and refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id(stack.schedule.deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('alarms', () => {
  test('a resume that failed twice, a stop not recorded, and a daily run in the dead-letter queue reach the alarm topic', () => {
    const topic = { Ref: id(stack.alarms.topic) };
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topic]);

    // The record-stop step's log line of a stop says how many resumes had failed before.
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: id(stack.functions.recordStop.logGroup) },
      FilterPattern: '{ $.resumesFailed >= 2 }',
      MetricTransformations: [
        Match.objectLike({
          MetricNamespace: 'AlisGrants/local',
          MetricName: 'WorkflowResumeFailedTwice',
          MetricValue: '1',
        }),
      ],
    });
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(byMetric('WorkflowResumeFailedTwice')).toEqual([
      expect.objectContaining({ Namespace: 'AlisGrants/local', Threshold: 1 }),
    ]);
    // The step's errors at once (a stop not recorded), besides its errors lasting 15 minutes.
    const recordStopErrors = byMetric('Errors').filter(
      (a) => a.Dimensions[0].Value.Ref === id(stack.functions.recordStop.function),
    );
    expect(recordStopErrors.map((a) => a.EvaluationPeriods).sort()).toEqual([1, 3]);
    // The daily run's and the SES events' dead-letter queues (test/infra/mail-events.test.ts).
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toEqual([
      expect.objectContaining({ Namespace: 'AWS/SQS', Threshold: 1 }),
      expect.objectContaining({ Namespace: 'AWS/SQS', Threshold: 1 }),
    ]);
  });

  test('the topic is encrypted with a rotated key CloudWatch may use, and takes TLS only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});
