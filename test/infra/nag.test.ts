// cdk-nag's AwsSolutions pack over the whole app, as `cdk synth` runs it: every finding is either
// fixed or acknowledged, with a reason, on the construct that causes it.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addNagChecks, buildStack, SKIP_BUNDLING_CONTEXT } from '../../infra/synth.js';

let outdir: string;
let app: App;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-nag-test-'));
  app = new App({ outdir, context: SKIP_BUNDLING_CONTEXT });
  buildStack(app);
  addNagChecks(app);
  // Synthesis runs the registered pack and throws on errors it does not see acknowledged.
  app.synth();
  // Synthesis takes seconds, and far more on a busy machine than a hook's default 10 s.
}, 120_000);

afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

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
  const wafOutdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-nag-waf-test-'));
  try {
    const wafApp = new App({
      outdir: wafOutdir,
      context: {
        ...SKIP_BUNDLING_CONTEXT,
        waf: 'true',
        domainName: 'tilskudd.example.no',
        certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/cloudfront',
        apiCertificateArn: 'arn:aws:acm:eu-north-1:111111111111:certificate/api',
      },
    });
    buildStack(wafApp, { env: { region: 'eu-north-1' } });
    addNagChecks(wafApp);
    wafApp.synth();
    const report = new AwsSolutionsChecks().validateScope(wafApp);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
    // The front's own findings are acknowledged, not absent: CloudFront without geo restriction.
    expect(JSON.stringify(wafApp.node.findAll().flatMap((c) => c.node.metadata))).toContain(
      'AwsSolutions-CFR1',
    );
  } finally {
    fs.rmSync(wafOutdir, { recursive: true, force: true });
  }
});
