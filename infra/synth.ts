// Building and synthesizing the stack in-process. app.ts (for the CDK CLI), the infra tests and
// the local stack all go through buildStack, so they see one and the same template.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROJECT_ROOT } from './functions.js';
import {
  AlisStack,
  AlisWafStack,
  type AlisStackProps,
  contextNumber,
  contextString,
} from './stack.js';

export const STACK_NAME = 'AlisGrants';
/** The us-east-1 stack of the `waf` option. */
export const WAF_STACK_NAME = 'AlisGrantsWaf';

/** Context that makes NodejsFunction skip esbuild: the template is complete, the assets are dummies. */
export const SKIP_BUNDLING_CONTEXT = { 'aws:cdk:bundling-stacks': [] as string[] };

export interface BuildStackOptions {
  env?: Environment;
  mailDomain?: string;
  publicBaseUrl?: string;
}

/**
 * The project's stack in `app`. With the context `waf=true`, also the us-east-1 stack of its web
 * ACL, and CloudFront in front of the API (needs `domainName`, `certificateArn` and, outside
 * us-east-1, `apiCertificateArn`; `wafPostRateLimit` is optional).
 */
export function buildStack(app: App, options: BuildStackOptions = {}): AlisStack {
  let props: AlisStackProps = {
    description:
      'ALIS grants (ALIS-Nord, ALIS-Vest): applications, review by e-mailed links, yearly grants',
    ...options,
  };
  const waf: unknown = app.node.tryGetContext('waf');
  if (waf === true || waf === 'true') {
    const region = options.env?.region;
    if (!region) {
      throw new Error(
        'waf=true needs the region of the API: deploy with an AWS profile or set CDK_DEFAULT_REGION',
      );
    }
    const domainName = required(app, 'domainName');
    const certificateArn = required(app, 'certificateArn');
    if (!/^arn:aws[a-z-]*:acm:us-east-1:/.test(certificateArn)) {
      throw new Error('certificateArn must be an ACM certificate in us-east-1 (for CloudFront)');
    }
    const apiCertificateArn =
      contextString(app, 'apiCertificateArn') ??
      (region === 'us-east-1' ? certificateArn : undefined);
    if (!apiCertificateArn) {
      throw new Error(
        `apiCertificateArn is needed: a certificate for ${domainName} in ${region}, for the API's custom domain`,
      );
    }
    const wafStack = new AlisWafStack(app, WAF_STACK_NAME, {
      description: 'ALIS grants: the web ACL of the CloudFront distribution (per-client limits)',
      env: { account: options.env?.account, region: 'us-east-1' },
      crossRegionReferences: true,
      postRateLimit: contextNumber(app, 'wafPostRateLimit'),
    });
    props = {
      ...props,
      crossRegionReferences: true,
      edge: { domainName, certificateArn, apiCertificateArn, webAclArn: wafStack.acl.webAclArn },
    };
  }
  return new AlisStack(app, STACK_NAME, props);
}

function required(app: App, key: string): string {
  const value = contextString(app, key);
  if (!value) throw new Error(`waf=true needs -c ${key}=...`);
  return value;
}

/**
 * Runs cdk-nag's AwsSolutions pack at synthesis. Findings that are accepted are acknowledged,
 * with their reason, next to the resource that causes them (Validations.of(x).acknowledge).
 */
export function addNagChecks(app: App): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(checks);
  return checks;
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
  /** Extra context, e.g. `{ publicBaseUrl: 'http://127.0.0.1:3000' }`. */
  context?: Record<string, unknown>;
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
    const stack = buildStack(app);
    const assembly = app.synth();
    return assembly.getStackArtifact(stack.artifactId).template as SynthesizedTemplate;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
