// The configuration of a stage: config/<stage>.json, checked here at synthesis. Everything a
// deployment needs is in that file, so `cdk deploy -c stage=production` needs nothing else and the
// next deployment cannot lose a setting that was only ever typed on a command line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { PROGRAMMES } from '../shared/domain/programmes.js';
import { PROJECT_ROOT } from './functions.js';

/** The stage `npm start`, the tests and a plain `cdk synth` use. It is never deployed. */
export const LOCAL_STAGE = 'local';

/**
 * The programme registers a stage can start from. `default` is the register in
 * shared/domain/programmes.ts (the two programmes, their rounds and the example staff).
 */
export const PROGRAMME_SEEDS = ['default'] as const;

/** Years the monthly backups outlive the grant period, unless the stage's file says otherwise. */
export const DEFAULT_RETENTION_YEARS = 10;
/** The longest grant period of the register's programmes (five yearly instalments). */
export const GRANT_PERIOD_YEARS = Math.max(...Object.values(PROGRAMMES).map((p) => p.grantYears));

const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;
const LOG_RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);

const text = z.string().trim().min(1, 'must not be empty');
const acmCertificate = (region: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:acm:${region}:\\d{12}:certificate/.+`),
      `must be the ARN of an ACM certificate${region === '[a-z0-9-]+' ? '' : ` in ${region}`}`,
    );

const stageConfigSchema = z
  .strictObject({
    /** A note for the reader of the file (JSON has no comments); not read. */
    $comment: z.string().optional(),
    /** The AWS account, 12 digits; null: whichever account the credentials name. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be the 12 digits of an AWS account')
      .nullable(),
    /** The AWS region of the stack; null: the credentials' default region. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region, e.g. eu-north-1')
      .nullable(),
    /** Who answers for the stage: the `owner` tag of every resource, for cost allocation. */
    owner: z
      .string()
      .regex(
        /^[\p{L}\p{N} _.:/=+@-]{1,256}$/u,
        'must be a tag value: letters, digits, spaces and _ . : / = + - @',
      ),
    /**
     * The public name, served by CloudFront (needs `waf`); null: the API's own endpoint.
     * `certificateArn` is in us-east-1 (CloudFront's region for certificates),
     * `apiCertificateArn` in the stack's region (null when that is us-east-1 too).
     */
    domain: z
      .strictObject({
        name: z
          .string()
          .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name, e.g. tilskudd.example.no'),
        certificateArn: acmCertificate('us-east-1'),
        apiCertificateArn: acmCertificate('[a-z0-9-]+').nullable(),
      })
      .nullable(),
    /** CloudFront and a WAF web ACL in front of the API, with a per-client limit on POSTs. */
    waf: z.boolean(),
    /** POSTs one client address may send in five minutes before the web ACL blocks it. */
    wafPostRateLimit: z.number().int().min(10),
    /** Base of every link in pages and e-mails; null: https://<domain.name>, else the API's endpoint. */
    publicBaseUrl: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .nullable(),
    mail: z.strictObject({
      /** The domain e-mail is sent from: an SES identity whose DKIM records are published. */
      domain: z
        .string()
        .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name, e.g. alis.example.no'),
      /** The From header, an address in `domain`, e.g. "ALIS-tilskudd <no-reply@alis.example.no>". */
      sender: text,
    }),
    /** Days the logs are kept (a value CloudWatch Logs offers, e.g. 90, 365, 3653). */
    logRetentionDays: z
      .number()
      .refine((days) => LOG_RETENTION_DAYS.has(days), 'must be a retention CloudWatch Logs offers'),
    /** Who gets the alarms by e-mail; null: nobody yet (subscribe to the AlarmTopicArn output). */
    alarmEmail: z.email().nullable(),
    /** The programme register a fresh stack starts from (PROGRAMME_SEEDS). */
    seed: z.enum(PROGRAMME_SEEDS),
    /** The API stage's throttle for all clients together: requests per second, and at once. */
    api: z.strictObject({
      rateLimit: z.number().int().positive(),
      burstLimit: z.number().int().positive(),
    }),
    backup: z.strictObject({
      /**
       * Years the monthly backups are kept after the grant period (GRANT_PERIOD_YEARS): the
       * archive's retention of concluded cases. Daily backups are kept 35 days.
       */
      retentionYears: z.number().int().min(0).max(90).default(DEFAULT_RETENTION_YEARS),
    }),
  })
  .superRefine((config, ctx) => {
    const senderAddress = /<([^>]+)>\s*$/.exec(config.mail.sender)?.[1] ?? config.mail.sender;
    if (!senderAddress.toLowerCase().endsWith(`@${config.mail.domain}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mail', 'sender'],
        message: `must be an address in mail.domain (…@${config.mail.domain})`,
      });
    }
    if (config.waf && !config.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['domain'],
        message: 'is needed with waf: CloudFront serves the public name',
      });
    }
    if (config.waf && !config.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: 'is needed with waf: the web ACL refers to the API across regions',
      });
    }
    if (config.domain && !config.waf) {
      ctx.addIssue({
        code: 'custom',
        path: ['waf'],
        message: 'must be true with a domain: the public name is served by CloudFront',
      });
    }
    if (config.domain && !config.domain.apiCertificateArn && config.region !== 'us-east-1') {
      ctx.addIssue({
        code: 'custom',
        path: ['domain', 'apiCertificateArn'],
        message: `is needed: a certificate for ${config.domain.name} in ${config.region ?? 'the stack region'}, for the API's custom domain`,
      });
    }
    if (config.api.burstLimit < config.api.rateLimit) {
      ctx.addIssue({
        code: 'custom',
        path: ['api', 'burstLimit'],
        message: 'must be at least api.rateLimit',
      });
    }
  });

export type StageConfigFile = z.input<typeof stageConfigSchema>;

export interface StageConfig extends Omit<z.output<typeof stageConfigSchema>, '$comment'> {
  /** The stage's name: the file's name, and part of the stack's and resources' names. */
  stage: string;
}

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/** config/<stage>.json, relative to the project root. */
export function stageConfigPath(stage: string, root = PROJECT_ROOT): string {
  return path.join(root, 'config', `${stage}.json`);
}

/** Reads and checks config/<stage>.json. Every problem is named, with the file and the value. */
export function loadStageConfig(stage: string, root = PROJECT_ROOT): StageConfig {
  if (!STAGE_NAME.test(stage)) {
    throw new StageConfigError(
      `Stage "${stage}": a stage name is lower-case letters, digits and hyphens (at most 20), e.g. -c stage=production`,
    );
  }
  const file = stageConfigPath(stage, root);
  const shown = path.relative(root, file);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    const known = knownStages(root);
    throw new StageConfigError(
      `Stage "${stage}" has no configuration: ${shown} does not exist${known.length ? ` (stages: ${known.join(', ')})` : ''}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new StageConfigError(`${shown} is not valid JSON: ${(error as Error).message}`);
  }
  return parseStageConfig(stage, json, shown);
}

/** Checks a stage's configuration as read from its file (`shown` names the file in messages). */
export function parseStageConfig(stage: string, json: unknown, shown: string): StageConfig {
  const parsed = stageConfigSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const at = issue.path.map(String).join('.') || '(the file)';
      const missing = issue.path.length > 0 && valueAt(json, issue.path) === undefined;
      return `  ${at}: ${missing ? 'is missing' : issue.message}`;
    });
    throw new StageConfigError(
      `${shown} (stage "${stage}") is not a valid configuration:\n${problems.join('\n')}`,
    );
  }
  const { $comment: _, ...config } = parsed.data;
  return { stage, ...config };
}

function valueAt(json: unknown, at: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of at) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The stages that have a file. */
export function knownStages(root = PROJECT_ROOT): string[] {
  try {
    return fs
      .readdirSync(path.join(root, 'config'))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}
