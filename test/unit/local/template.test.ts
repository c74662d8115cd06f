import { describe, expect, it } from 'vitest';

import { DefinitionRefused, checkTemplate } from '../../../infra/local/stack.js';
import { Resolver, TemplateError, readTemplate } from '../../../infra/local/template.js';
import {
  LOGICAL_IDS,
  fixtureTemplate,
  resolvedDefinition,
  reviewDefinition,
} from '../../support/fixture-template.js';

describe('Resolver', () => {
  const template = fixtureTemplate();
  const resolver = new Resolver(template, { publicBaseUrl: 'http://127.0.0.1:3000' });

  it('resolves Ref, Fn::GetAtt, Fn::Join and Fn::Sub to local names', () => {
    expect(resolver.resolve({ Ref: 'AWS::Region' })).toBe('eu-north-1');
    expect(resolver.resolve({ Ref: LOGICAL_IDS.table })).toBe(LOGICAL_IDS.table);
    expect(resolver.resolve({ 'Fn::GetAtt': [LOGICAL_IDS.requestReview, 'Arn'] })).toBe(
      `arn:aws:lambda:eu-north-1:000000000000:function:${LOGICAL_IDS.requestReview}`,
    );
    expect(resolver.resolve({ 'Fn::GetAtt': 'HttpApi.ApiEndpoint' })).toBe('http://127.0.0.1:3000');
    expect(resolver.resolve({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Partition' }, 'b']] })).toBe(
      'a-aws-b',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own ${} syntax
    expect(resolver.resolve({ 'Fn::Sub': 'x-${AWS::AccountId}-${HttpApi.ApiEndpoint}' })).toBe(
      'x-000000000000-http://127.0.0.1:3000',
    );
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own ${} syntax
      resolver.resolve({ 'Fn::Sub': ['${A}/${B}', { A: 'one', B: { Ref: 'AWS::Region' } }] }),
    ).toBe('one/eu-north-1');
    expect(resolver.resolve({ Ref: LOGICAL_IDS.stateMachine })).toBe(
      `arn:aws:states:eu-north-1:000000000000:stateMachine:${LOGICAL_IDS.stateMachine}`,
    );
  });

  it('drops AWS::NoValue and refuses intrinsics it does not know', () => {
    expect(resolver.resolve({ a: 1, b: { Ref: 'AWS::NoValue' } })).toEqual({ a: 1 });
    expect(() => resolver.resolve({ 'Fn::If': ['c', 1, 2] })).toThrow(TemplateError);
    expect(() => resolver.resolve({ Ref: 'Missing' })).toThrow(/no resource Missing/);
  });
});

describe('readTemplate', () => {
  const local = readTemplate(fixtureTemplate(), { publicBaseUrl: 'http://127.0.0.1:3000' });

  it('finds the table with its key schema, index and TTL', () => {
    expect(local.tables).toHaveLength(1);
    expect(local.tables[0]).toMatchObject({
      tableName: LOGICAL_IDS.table,
      keySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      globalSecondaryIndexes: [{ IndexName: 'byDue', Projection: { ProjectionType: 'ALL' } }],
      ttlAttribute: 'expiresAtEpoch',
    });
  });

  it('knows our Lambdas by their alis:function metadata, and ignores the others', () => {
    expect(local.functions.map((f) => f.key).sort()).toEqual([
      'dailyRun',
      'notifyMunicipality',
      'requestChanges',
      'requestReview',
      'web',
    ]);
    expect(
      local.functionByName(
        `arn:aws:lambda:eu-north-1:000000000000:function:${LOGICAL_IDS.requestReview}`,
      ),
    ).toBe('requestReview');
    expect(
      local.functionByName(
        `arn:aws:lambda:eu-north-1:000000000000:function:${LOGICAL_IDS.web}:$LATEST`,
      ),
    ).toBe('web');
    expect(local.functionByName(LOGICAL_IDS.dailyRun)).toBe('dailyRun');
    expect(local.functionByName('CustomResourceProvider')).toBeUndefined();
  });

  it('resolves the state machine definition from its Fn::Join', () => {
    expect(local.stateMachines).toHaveLength(1);
    expect(local.stateMachines[0]?.definition).toEqual(resolvedDefinition());
  });

  it('maps each route to the function behind its integration', () => {
    expect(local.routes).toContainEqual({ routeKey: 'GET /decisions/{token}', function: 'web' });
    expect(local.routes).toHaveLength(6);
  });

  it('reads the schedule with its time zone, target and input', () => {
    expect(local.schedules).toEqual([
      {
        name: 'DailySchedule',
        expression: 'cron(0 6 * * ? *)',
        timezone: 'Europe/Oslo',
        enabled: true,
        target: 'dailyRun',
        input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
      },
    ]);
  });

  it('resolves the functions environment to local values', () => {
    expect(local.environment).toMatchObject({
      TABLE_NAME: LOGICAL_IDS.table,
      MAIL_FROM: 'ALIS-tilskudd <no-reply@alis.example.no>',
      SES_CONFIGURATION_SET: 'MailConfigurationSet',
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
      STATE_MACHINE_ARN: `arn:aws:states:eu-north-1:000000000000:stateMachine:${LOGICAL_IDS.stateMachine}`,
    });
    expect(local.environmentConflicts).toEqual([]);
  });

  it('refuses a function whose metadata names no row of infra/functions.ts', () => {
    const template = fixtureTemplate();
    template.Resources[LOGICAL_IDS.web]!.Metadata = { 'alis:function': 'nope' };
    expect(() => readTemplate(template)).toThrow(/nope/);
  });
});

describe('checkTemplate', () => {
  it('accepts the review workflow', () => {
    expect(
      checkTemplate(fixtureTemplate(), 'http://127.0.0.1:3000').machines[0].definition.StartAt,
    ).toBe('Send receipt');
  });

  it('refuses a definition the local runner would silently run wrong', () => {
    const definition = reviewDefinition();
    definition.QueryLanguage = 'JSONata';
    (definition.States['Decision?'] as Record<string, unknown>).Assign = { x: 1 };
    expect(() => checkTemplate(fixtureTemplate(definition), 'http://127.0.0.1:3000')).toThrow(
      DefinitionRefused,
    );
    try {
      checkTemplate(fixtureTemplate(definition), 'http://127.0.0.1:3000');
    } catch (error) {
      expect((error as DefinitionRefused).problems).toEqual([
        'QueryLanguage JSONata (top level)',
        'Assign (variables) in state "Decision?"',
      ]);
    }
  });
});
