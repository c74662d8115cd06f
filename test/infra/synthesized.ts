// The stacks the infra tests read, each built and synthesized once per test worker (the infra
// project does not isolate its files, so they share this module): the app as `cdk synth` builds it
// (infra/app.ts: cdk.json's context, cdk-nag's AwsSolutions pack at synthesis), without bundling,
// and the same with the `waf` option. A test that needs other context builds its own app.
//
// Synthesis writes a cloud assembly; each app has a temporary directory of its own, removed when
// the worker exits.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { AlisStack } from '../../infra/stack.js';
import {
  addNagChecks,
  buildStack,
  cdkJsonContext,
  SKIP_BUNDLING_CONTEXT,
  WAF_STACK_NAME,
} from '../../infra/synth.js';

export interface Synthesized {
  app: App;
  stack: AlisStack;
  /** The stack's template, for aws-cdk-lib's assertions. */
  template: Template;
  /** The stack's template as CloudFormation reads it. */
  json: { Resources: Record<string, any>; [section: string]: unknown };
}

const outdirs: string[] = [];
process.once('exit', () => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

function synthesize(context: Record<string, unknown>, env?: { region: string }): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-infra-test-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), ...SKIP_BUNDLING_CONTEXT, ...context },
  });
  const stack = buildStack(app, env ? { env } : {});
  addNagChecks(app);
  // Synthesis runs the nag pack and throws on an error it does not see acknowledged, as cdk synth.
  const assembly = app.synth();
  return {
    app,
    stack,
    template: Template.fromStack(stack),
    json: assembly.getStackArtifact(stack.artifactId).template,
  };
}

let main: Synthesized | undefined;
/** The project's stack, as `cdk synth` builds it without an account or region. */
export function mainStack(): Synthesized {
  main ??= synthesize({});
  return main;
}

/** The context of the `waf` option, with a domain and both certificates. */
export const WAF_CONTEXT = {
  waf: 'true',
  domainName: 'tilskudd.example.no',
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/cloudfront',
  apiCertificateArn: 'arn:aws:acm:eu-north-1:111111111111:certificate/api',
};
export const WAF_ENV = { region: 'eu-north-1' };

let waf: (Synthesized & { wafStack: Stack; wafTemplate: Template }) | undefined;
/** The stack with the `waf` option in eu-north-1, and its us-east-1 stack of the web ACL. */
export function wafStacks() {
  if (!waf) {
    const synthesized = synthesize(WAF_CONTEXT, WAF_ENV);
    const wafStack = synthesized.app.node.findChild(WAF_STACK_NAME) as Stack;
    waf = { ...synthesized, wafStack, wafTemplate: Template.fromStack(wafStack) };
  }
  return waf;
}
