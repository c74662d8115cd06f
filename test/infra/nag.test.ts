// cdk-nag's AwsSolutions pack over the whole app, as `cdk synth` runs it: every finding is either
// fixed or acknowledged, with a reason, on the construct that causes it.

import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, expect, test } from 'vitest';
import { mainStack, wafStacks } from './synthesized.js';

let app: App;

beforeAll(() => {
  // Synthesized with the pack registered, as cdk synth does: it throws on errors it does not see
  // acknowledged. Synthesis takes seconds, and far more on a busy machine than a hook's 10 s.
  ({ app } = mainStack());
}, 120_000);

function allConstructs(root: IConstruct): IConstruct[] {
  return [root, ...root.node.children.flatMap(allConstructs)];
}

test('AwsSolutions finds no unacknowledged error or warning', () => {
  const report = new AwsSolutionsChecks().validateScope(app);
  const findings = report.violations.map(
    (v) =>
      `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
  expect(findings).toEqual([]);
  expect(report.success).toBe(true);
});

test('every acknowledgement names an AwsSolutions rule and gives a reason', () => {
  const acknowledgements = allConstructs(app).flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id, reason })),
  );
  expect(acknowledgements.length).toBeGreaterThan(0);
  for (const { path: constructPath, id, reason } of acknowledgements) {
    expect(id, constructPath).toMatch(/AwsSolutions-[A-Z]+\d+/);
    expect(reason.trim().length, `${constructPath} ${id}`).toBeGreaterThan(20);
  }
});

test('with the waf option, both stacks (the API and the us-east-1 web ACL) are clean too', () => {
  const { app: wafApp } = wafStacks();
  const report = new AwsSolutionsChecks().validateScope(wafApp);
  expect(report.violations.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
  // The front's own findings are acknowledged, not absent: CloudFront without geo restriction.
  expect(JSON.stringify(wafApp.node.findAll().flatMap((c) => c.node.metadata))).toContain(
    'AwsSolutions-CFR1',
  );
});
