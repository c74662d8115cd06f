// The in-process synthesis the local stack and `cdk synth` rely on: it works without an AWS
// account or Docker, every row of the function table becomes a Lambda the local stack can find,
// and the real handlers bundle with esbuild.

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { describe, expect, test } from 'vitest';
import { FUNCTION_METADATA_KEY, FUNCTIONS } from '../../infra/functions.js';
import { loadStageConfig } from '../../infra/config.js';
import { buildStack, cdkJsonContext, synthesizeTemplate } from '../../infra/synth.js';
import { PDF_FONT_FILES } from '../../shared/presentation/pdf.js';

const execFileAsync = promisify(execFile);

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> }
>;

function lambdasByFunctionName(resources: Resources): Map<unknown, string> {
  const byName = new Map<unknown, string>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = resource.Metadata?.[FUNCTION_METADATA_KEY];
    expect(byName.has(name), `two Lambdas claim ${String(name)}`).toBe(false);
    byName.set(name, logicalId);
  }
  return byName;
}

describe('synthesizeTemplate without bundling', () => {
  // One synthesis, with a configuration of its own: the rest of the infra tests read the shared
  // ones (synthesized.ts).
  const local = loadStageConfig('local');
  const template = synthesizeTemplate({
    bundling: false,
    config: {
      ...local,
      publicBaseUrl: 'https://tilskudd.example.no',
      mail: { domain: 'post.example.no', sender: 'ALIS <ikke-svar@post.example.no>' },
    },
  });
  const resources = template.Resources as Resources;

  test('returns the CloudFormation template of the whole stack', () => {
    expect(Object.values(resources).map((r) => r.Type)).toEqual(
      expect.arrayContaining([
        'AWS::DynamoDB::Table',
        'AWS::StepFunctions::StateMachine',
        'AWS::ApiGatewayV2::Api',
        'AWS::Scheduler::Schedule',
        'AWS::SES::ConfigurationSet',
      ]),
    );
  });

  test('every row of FUNCTIONS is one Lambda carrying its name in the metadata', () => {
    const byName = lambdasByFunctionName(resources);
    expect([...byName.keys()].sort()).toEqual(Object.keys(FUNCTIONS).sort());
    for (const [name, logicalId] of byName) {
      const spec = FUNCTIONS[name as keyof typeof FUNCTIONS];
      expect(resources[logicalId]!.Properties).toMatchObject({
        Description: spec.description,
        Timeout: spec.timeout,
        MemorySize: spec.memorySize,
      });
    }
  });

  test("the configuration sets the public base URL and the sender, and the stage's log retention", () => {
    const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        PUBLIC_BASE_URL: 'https://tilskudd.example.no',
        MAIL_FROM: 'ALIS <ikke-svar@post.example.no>',
      });
    }
    const logGroups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThan(Object.keys(FUNCTIONS).length);
    for (const group of logGroups) {
      expect(group.Properties.RetentionInDays).toBe(local.logRetentionDays);
    }
  });
});

describe('bundling', () => {
  test('each handler bundles into one minified file with a source map and the AWS SDK inside', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-bundle-test-'));
    try {
      const app = new App({ outdir, context: cdkJsonContext() });
      const stack = buildStack(app);
      const template = app.synth().getStackArtifact(stack.artifactId).template as {
        Resources: Resources;
      };

      const loads: Promise<[string, string]>[] = [];
      for (const logicalId of lambdasByFunctionName(template.Resources).values()) {
        const key = template.Resources[logicalId]!.Properties.Code.S3Key as string;
        const assetDir = path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
        const code = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
        expect(fs.existsSync(path.join(assetDir, 'index.js.map')), logicalId).toBe(true);
        expect(code.includes('//# sourceMappingURL=index.js.map'), logicalId).toBe(true);
        // The SDK clients are inside the bundle. (The SDK's own guarded requires of optional signer
        // packages, e.g. @aws-sdk/signature-v4a, stay; the project does not use them.)
        const sdkRequires = [
          ...code.matchAll(/require\(["'](@aws-sdk\/(?:client|lib)-[^"']+)["']\)/g),
        ].map((m) => m[1]);
        expect(sdkRequires, logicalId).toEqual([]);
        // Unminified esbuild output marks each module with a `// path/to/file.ts` comment.
        expect(/^\/\/ functions\//m.test(code), `${logicalId} is minified`).toBe(false);
        // Minified, but the error classes keep the names Retry/Catch and the logs match on.
        // (The record-stop step and the SES events' function throw none of the project's own
        // errors; their functions keep theirs.)
        expect(code, logicalId).toContain(
          logicalId.startsWith('RecordStop')
            ? '"recordStop"'
            : logicalId.startsWith('MailEvents')
              ? '"recordMailFeedback"'
              : '"WorkflowDataError"',
        );
        // A bundle that renders PDFs carries the fonts where the renderer resolves them, as files
        // beside the code; the web function (documents, archive package) is one of them.
        const rendersPdf = code.includes(PDF_FONT_FILES.regular);
        if (logicalId.startsWith('Web'))
          expect(rendersPdf, 'the web bundle renders PDFs').toBe(true);
        if (rendersPdf) {
          for (const file of Object.values(PDF_FONT_FILES)) {
            const resolved = createRequire(path.join(assetDir, 'index.js')).resolve(file);
            expect(resolved.startsWith(assetDir), `${logicalId} carries ${file}`).toBe(true);
          }
          // fontkit's WOFF2 decompressor is left out (infra/bundling/no-brotli).
          expect(code, logicalId).toContain('WOFF2 fonts are not supported in this bundle');
        }
        // Tree-shaken (ES module builds of the dependencies): a cold start loads what it uses. PDFKit,
        // fontkit and the zip add about 0.5 MB to a bundle that renders PDFs (the web function's
        // was 1.49 MB with them); PDFKit is initialised on the first PDF only.
        expect(code.length, `${logicalId} bundle size`).toBeLessThan(
          rendersPdf ? 1_750_000 : 1_000_000,
        );
        // The bundle loads on its own, with only the environment Lambda gives it; the bundles load
        // side by side, each in a process of its own.
        loads.push(
          execFileAsync(
            process.execPath,
            [
              '-e',
              `process.stdout.write(typeof require(${JSON.stringify(path.join(assetDir, 'index.js'))}).handler)`,
            ],
            {
              env: {
                PATH: process.env.PATH,
                AWS_REGION: 'eu-north-1',
                TABLE_NAME: 't',
                MAIL_FROM: 'a@b.no',
                SES_CONFIGURATION_SET: 'c',
                PUBLIC_BASE_URL: 'https://alis.example.no',
                STATE_MACHINE_ARN: 'arn:aws:states:eu-north-1:000000000000:stateMachine:x',
              },
              encoding: 'utf8',
            },
          ).then(
            ({ stdout }) => [logicalId, stdout],
            (error: Error) => [logicalId, error.message],
          ),
        );
      }
      const loaded = await Promise.all(loads);
      expect(loaded.length).toBe(Object.keys(FUNCTIONS).length);
      for (const [logicalId, output] of loaded) expect(output, logicalId).toBe('function');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
