// Building and synthesizing a stage's stack in-process. app.ts (for the CDK CLI), the infra tests and
// the local stack all go through buildStack, so they see one and the same template.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Tags, Validations, type Environment, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { LOCAL_STAGE, loadStageConfig, type StageConfig } from './config.js';
import { PROJECT_ROOT } from './functions.js';
import { AlisStack, AlisWafStack, contextString, type EdgeOptions } from './stack.js';

/** The `project` tag of every resource. */
export const PROJECT_TAG = 'alis-grants';

/** The stack of a stage: two stages live side by side in one account. */
export function stackName(stage: string): string {
  return `AlisGrants-${stage}`;
}
/** The us-east-1 stack of a stage with `waf`. */
export function wafStackName(stage: string): string {
  return `AlisGrantsWaf-${stage}`;
}

/** Context that makes NodejsFunction skip esbuild: the template is complete, the assets are dummies. */
export const SKIP_BUNDLING_CONTEXT = { 'aws:cdk:bundling-stacks': [] as string[] };

export interface BuildStackOptions {
  /** The stage's configuration. @default config/<context `stage`>.json, the stage `local` without one */
  config?: StageConfig;
  /** Account and region where the configuration leaves them open (null), e.g. the CLI's defaults. */
  env?: Environment;
}

/** The stage named by the context `stage` (`-c stage=production`), else `local`. */
export function stageOf(app: App): string {
  return contextString(app, 'stage') ?? LOCAL_STAGE;
}

/**
 * The stage's stack in `app`, from its configuration. With `waf`, also the us-east-1 stack of its
 * web ACL, and CloudFront in front of the API on the configured domain.
 */
export function buildStack(app: App, options: BuildStackOptions = {}): AlisStack {
  const config = options.config ?? loadStageConfig(stageOf(app));
  const account = config.account ?? options.env?.account;
  const region = config.region ?? options.env?.region;
  // Without an account or region the stack stays environment-agnostic, so synth works anywhere.
  const env = account || region ? { env: { account, region } } : {};
  const tags = { project: PROJECT_TAG, stage: config.stage, owner: config.owner };
  const common = { ...env, tags };

  let edge: EdgeOptions | undefined;
  if (config.waf && config.domain) {
    if (!region) {
      throw new Error(
        `stage ${config.stage}: waf needs the region of the API (region in its file)`,
      );
    }
    const wafStack = new AlisWafStack(app, wafStackName(config.stage), {
      ...common,
      description: `ALIS grants (${config.stage}): the web ACL of the CloudFront distribution (per-client limits)`,
      env: { account, region: 'us-east-1' },
      crossRegionReferences: true,
      postRateLimit: config.wafPostRateLimit,
    });
    tagAll(wafStack, tags);
    edge = {
      domainName: config.domain.name,
      certificateArn: config.domain.certificateArn,
      apiCertificateArn: config.domain.apiCertificateArn ?? config.domain.certificateArn,
      webAclArn: wafStack.acl.webAclArn,
    };
  }
  const stack = new AlisStack(app, stackName(config.stage), {
    ...common,
    description: `ALIS grants (${config.stage}): applications, review by e-mailed links, yearly grants`,
    crossRegionReferences: edge ? true : undefined,
    config,
    edge,
  });
  tagAll(stack, tags);
  return stack;
}

/**
 * Tags every resource of the stack that takes tags. (The stack's own tags, from its props, are
 * explicit under the flag @aws-cdk/core:explicitStackTags; CloudFormation copies them to what
 * it creates too.)
 */
function tagAll(stack: Stack, tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(stack).add(key, value);
}

/** The cdk-nag packs synthesis runs. */
export const NAG_PACKS = [AwsSolutionsChecks, ServerlessChecks] as const;

/**
 * Runs cdk-nag's AwsSolutions and Serverless packs at synthesis. Findings that are accepted are
 * acknowledged, with their reason, next to the resource that causes them
 * (Validations.of(x).acknowledge).
 */
export function addNagChecks(app: App): void {
  for (const Pack of NAG_PACKS) Validations.of(app).addPlugins(new Pack(app));
}

/** The context of cdk.json, so that an in-process synthesis matches `npx cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface SynthesizeOptions {
  /** false: skip esbuild (fast; the Lambda code assets are placeholders). */
  bundling: boolean;
  /** Extra context, e.g. `{ stage: 'staging' }`. */
  context?: Record<string, unknown>;
  /** The configuration to build from, instead of the file of the context's stage. */
  config?: StageConfig;
}

/** A synthesized template; each reader narrows the part it reads. */
export interface SynthesizedTemplate {
  Resources: Record<string, unknown>;
  [section: string]: unknown;
}

/** The stack's CloudFormation template, synthesized in this process: no AWS account, no Docker. */
export function synthesizeTemplate(options: SynthesizeOptions): SynthesizedTemplate {
  // CDK writes the cloud assembly, and its validation report, into outdir; a private temporary
  // one keeps concurrent syntheses apart and the project tree clean.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-synth-'));
  try {
    const app = new App({
      outdir,
      context: {
        ...cdkJsonContext(),
        ...(options.bundling ? {} : SKIP_BUNDLING_CONTEXT),
        ...options.context,
      },
    });
    const stack = buildStack(app, { config: options.config });
    const assembly = app.synth();
    return assembly.getStackArtifact(stack.artifactId).template as SynthesizedTemplate;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
