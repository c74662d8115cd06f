// The stacks the infra tests read, each stage built and synthesized once per test worker (the infra
// project does not isolate its files, so they share this module), as `cdk synth -c stage=<name>`
// builds it (infra/app.ts: cdk.json's context, config/<stage>.json, cdk-nag's packs at
// synthesis), without bundling:
//
// - local: the stage `npm start` and the tests run (no account, no region, no front);
// - staging: a deployable stage without the front (the example account and region);
// - production: the `waf` option, with its us-east-1 stack of the web ACL.
//
// A test that needs another configuration builds its own app. Synthesis writes a cloud assembly;
// each app has a temporary directory of its own, removed when the worker exits.

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
  wafStackName,
} from '../../infra/synth.js';

export const STAGES = ['local', 'staging', 'production'] as const;
export type Stage = (typeof STAGES)[number];

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

function synthesize(stage: Stage): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-infra-test-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), ...SKIP_BUNDLING_CONTEXT, stage },
  });
  const stack = buildStack(app);
  addNagChecks(app);
  // Synthesis runs the nag packs and throws on an error it does not see acknowledged, as cdk synth.
  const assembly = app.synth();
  return {
    app,
    stack,
    template: Template.fromStack(stack),
    json: assembly.getStackArtifact(stack.artifactId).template,
  };
}

const synthesized = new Map<Stage, Synthesized>();
/** A stage's stack, synthesized from its file once. */
export function stageStack(stage: Stage): Synthesized {
  let s = synthesized.get(stage);
  if (!s) {
    s = synthesize(stage);
    synthesized.set(stage, s);
  }
  return s;
}

/** The local stage's stack: what `npm start` runs and a plain `cdk synth` builds. */
export function mainStack(): Synthesized {
  return stageStack('local');
}

/** The production stage: the `waf` option in eu-north-1, and its us-east-1 stack of the web ACL. */
export function wafStacks(): Synthesized & { wafStack: Stack; wafTemplate: Template } {
  const production = stageStack('production');
  const wafStack = production.app.node.findChild(wafStackName('production')) as Stack;
  return { ...production, wafStack, wafTemplate: Template.fromStack(wafStack) };
}
