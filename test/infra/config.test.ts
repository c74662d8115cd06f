// The stages' configuration files and their check (infra/config.ts): each shipped file passes, and
// a missing file or value, or a wrong one, is refused with a message naming the file and the value.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_RETENTION_YEARS,
  knownStages,
  LOCAL_STAGE,
  loadStageConfig,
  parseStageConfig,
  StageConfigError,
  type StageConfigFile,
} from '../../infra/config.js';
import { placeholderValues } from '../../infra/stack.js';
import { buildStack, SKIP_BUNDLING_CONTEXT, stageOf } from '../../infra/synth.js';

const PRODUCTION = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../config/production.json'), 'utf8'),
) as StageConfigFile;

function parse(changes: (file: Record<string, any>) => void) {
  const file = structuredClone(PRODUCTION) as Record<string, any>;
  changes(file);
  return () => parseStageConfig('production', file, 'config/production.json');
}

test('the shipped stages are local, staging and production, and each file passes', () => {
  expect(knownStages()).toEqual(['local', 'production', 'staging']);
  for (const stage of knownStages()) expect(loadStageConfig(stage).stage).toBe(stage);
});

test('without -c stage the stage is local', () => {
  expect(stageOf(new App())).toBe(LOCAL_STAGE);
  expect(stageOf(new App({ context: { stage: 'staging' } }))).toBe('staging');
});

test('a stage without a file fails synthesis, naming the file and the stages there are', () => {
  const app = new App({ context: { ...SKIP_BUNDLING_CONTEXT, stage: 'qa' } });
  expect(() => buildStack(app)).toThrow(
    'Stage "qa" has no configuration: config/qa.json does not exist (stages: local, production, staging)',
  );
  expect(() => loadStageConfig('../etc')).toThrow(StageConfigError);
});

describe('a missing value fails, naming the file and the value', () => {
  test.each([
    ['account', (f: any) => delete f.account],
    ['mail.sender', (f: any) => delete f.mail.sender],
    ['alarmEmail', (f: any) => delete f.alarmEmail],
    ['seed', (f: any) => delete f.seed],
    ['logRetentionDays', (f: any) => delete f.logRetentionDays],
    ['domain.certificateArn', (f: any) => delete f.domain.certificateArn],
  ])('%s', (at, change) => {
    expect(parse(change)).toThrow(
      `config/production.json (stage "production") is not a valid configuration:\n  ${at}: is missing`,
    );
  });

  test('in a file on disk too', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-config-'));
    try {
      fs.mkdirSync(path.join(root, 'config'));
      const { waf: _, ...withoutWaf } = PRODUCTION;
      fs.writeFileSync(path.join(root, 'config', 'qa.json'), JSON.stringify(withoutWaf));
      expect(() => loadStageConfig('qa', root)).toThrow(/config\/qa\.json .*\n {2}waf: is missing/);
      fs.writeFileSync(path.join(root, 'config', 'qa.json'), '{ "account": ');
      expect(() => loadStageConfig('qa', root)).toThrow(/config\/qa\.json is not valid JSON/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a wrong value fails, naming it', () => {
  test.each([
    ['an account that is not 12 digits', (f: any) => (f.account = '1234'), /account: must be/],
    ['an unknown seed', (f: any) => (f.seed = 'other'), /seed: /],
    [
      'a retention CloudWatch does not offer',
      (f: any) => (f.logRetentionDays = 100),
      /logRetentionDays: must be/,
    ],
    [
      'a sender outside the mail domain',
      (f: any) => (f.mail.sender = 'a@other.no'),
      /mail\.sender: must be an address in mail\.domain/,
    ],
    ['waf without a domain', (f: any) => (f.domain = null), /domain: is needed with waf/],
    ['a domain without waf', (f: any) => (f.waf = false), /waf: must be true with a domain/],
    ['waf without a region', (f: any) => (f.region = null), /region: is needed with waf/],
    [
      'a CloudFront certificate outside us-east-1',
      (f: any) => (f.domain.certificateArn = f.domain.apiCertificateArn),
      /domain\.certificateArn: must be .* in us-east-1/,
    ],
    [
      'no API certificate outside us-east-1',
      (f: any) => (f.domain.apiCertificateArn = null),
      /domain\.apiCertificateArn: is needed/,
    ],
    [
      'a rate limit that is not a positive number',
      (f: any) => (f.api.rateLimit = 'lots'),
      /api\.rateLimit: /,
    ],
    [
      'a burst below the rate',
      (f: any) => (f.api.burstLimit = 10),
      /api\.burstLimit: must be at least/,
    ],
    [
      'a WAF limit below what WAF allows',
      (f: any) => (f.wafPostRateLimit = 5),
      /wafPostRateLimit: /,
    ],
    ['a value the schema does not know', (f: any) => (f.mailDomain = 'x.no'), /mailDomain/],
    [
      'an owner that is no tag value',
      (f: any) => (f.owner = 'ALIS (nord)'),
      /owner: must be a tag value/,
    ],
  ])('%s', (_name, change, message) => {
    expect(parse(change)).toThrow(message);
  });
});

test(`the backup's retention period defaults to ${DEFAULT_RETENTION_YEARS} years`, () => {
  const config = parseStageConfig(
    'production',
    { ...PRODUCTION, backup: {} },
    'config/production.json',
  );
  expect(config.backup.retentionYears).toBe(DEFAULT_RETENTION_YEARS);
});

test('the shipped deployable stages are flagged as placeholders until an operator replaces them', () => {
  expect(placeholderValues(loadStageConfig('production'))).toEqual([
    'account',
    'owner',
    'domain.name',
    'domain.certificateArn',
    'domain.apiCertificateArn',
    'mail.domain',
    'mail.sender',
    'alarmEmail',
  ]);
  const replaced = parseStageConfig(
    'production',
    {
      ...PRODUCTION,
      account: '123456789012',
      owner: 'alis@legeforeningen.no',
      domain: {
        name: 'tilskudd.alis.no',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/a',
        apiCertificateArn: 'arn:aws:acm:eu-north-1:123456789012:certificate/b',
      },
      mail: { domain: 'alis.no', sender: 'ALIS-tilskudd <no-reply@alis.no>' },
      alarmEmail: 'drift@alis.no',
    },
    'config/production.json',
  );
  expect(placeholderValues(replaced)).toEqual([]);
});
