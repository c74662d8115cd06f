// cdk-nag's AwsSolutions and Serverless packs over each stage's app, as `cdk synth` runs them:
// every finding is either fixed or acknowledged, with a reason, on the construct that causes it.

import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, test } from 'vitest';
import { NAG_PACKS } from '../../infra/synth.js';
import { STAGES, stageStack } from './synthesized.js';

function allConstructs(root: IConstruct): IConstruct[] {
  return [root, ...root.node.children.flatMap(allConstructs)];
}

test('synthesis runs both packs', () => {
  expect(NAG_PACKS).toEqual([AwsSolutionsChecks, ServerlessChecks]);
});

describe.each(STAGES)('the %s stage', (stage) => {
  // Synthesized with the packs registered, as cdk synth does: it throws on errors it does not see
  // acknowledged. (The production stage has the waf option: both of its stacks are checked.)
  test.each([
    ['AwsSolutions', AwsSolutionsChecks],
    ['Serverless', ServerlessChecks],
  ])('%s finds no unacknowledged error or warning', (_name, Pack) => {
    const { app } = stageStack(stage);
    const report = new Pack().validateScope(app);
    const findings = report.violations.map(
      (v) =>
        `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});

test('every acknowledgement names a rule of one of the packs and gives a reason', () => {
  const { app } = stageStack('production');
  const acknowledgements = allConstructs(app).flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id, reason })),
  );
  const ids = acknowledgements.map((a) => a.id);
  expect(ids.some((id) => id.includes('AwsSolutions-'))).toBe(true);
  expect(ids.some((id) => id.includes('Serverless-'))).toBe(true);
  for (const { path: constructPath, id, reason } of acknowledgements) {
    expect(id, constructPath).toMatch(/(AwsSolutions-[A-Z]+\d+|Serverless-[A-Za-z]+)/);
    expect(reason.trim().length, `${constructPath} ${id}`).toBeGreaterThan(20);
  }
  // The front's own findings are acknowledged, not absent: CloudFront without geo restriction.
  expect(ids.some((id) => id.includes('AwsSolutions-CFR1'))).toBe(true);
  // The workflow steps need no dead-letter queue: Step Functions retries and catches.
  expect(
    acknowledgements.filter(
      (a) => a.id.includes('Serverless-LambdaDLQ') && a.reason.includes('Step Functions'),
    ).length,
  ).toBeGreaterThan(5);
});
