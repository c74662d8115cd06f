// Cold start per function: the bundle as the CDK builds it (esbuild, minified, SDK inside, CommonJS
// for Node 24) and the time to load it in a fresh Node process, against a baseline bundle of only
// the third-party code the function truly needs: the same AWS SDK clients, zod, and preact where
// it renders pages or e-mail HTML. The ratio is what the project's own code and data cost at load.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

import { FUNCTIONS, PROJECT_ROOT, entryPath, type FunctionName } from '../../infra/functions.js';

const OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  keepNames: true,
  mainFields: ['module', 'main'],
  tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json'),
  metafile: true,
  logLevel: 'silent',
};

export interface ColdStart {
  name: string;
  bundleKiB: number;
  baselineKiB: number;
  loadMs: number;
  baselineLoadMs: number;
  /** loadMs / baselineLoadMs. */
  ratio: number;
  /** What the baseline imports. */
  baseline: string[];
}

/**
 * What a baseline does with each package a function uses, as a handler module does at load:
 * construct its clients, name the commands it sends, build a schema, render.
 */
const BASELINE_USE: Record<string, string> = {
  '@aws-sdk/client-dynamodb': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
keep.push(new DynamoDBClient({}));`,
  '@aws-sdk/lib-dynamodb': `import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
keep.push(DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand);`,
  '@aws-sdk/client-sesv2': `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
keep.push(new SESv2Client({}), SendEmailCommand);`,
  '@aws-sdk/client-sfn': `import { SFNClient, StartExecutionCommand, SendTaskSuccessCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
keep.push(new SFNClient({}), StartExecutionCommand, SendTaskSuccessCommand, DescribeExecutionCommand);`,
  zod: `import { z } from 'zod';
keep.push(z.object({ a: z.string(), b: z.number().optional() }));`,
  preact: `import { h } from 'preact';
keep.push(h('p', null, 'x'));`,
  'preact-render-to-string': `import { renderToString } from 'preact-render-to-string';
keep.push(renderToString);`,
};

/** Third-party packages a bundle took code from, of those a baseline may hold. */
function packagesIn(metafile: Metafile): string[] {
  const found = new Set<string>();
  // Files the bundle took bytes from: inputs that tree-shaking emptied do not count.
  const used = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, info]) => info.bytesInOutput > 0)
      .map(([input]) => input),
  );
  for (const input of used) {
    for (const pkg of Object.keys(BASELINE_USE)) {
      if (input.includes(`node_modules/${pkg}/`)) found.add(pkg);
    }
  }
  return [...found].sort();
}

/** Median wall time of `runs` fresh processes that require the bundle and exit. */
function loadTime(file: string, runs: number): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export async function coldStarts(runs: number): Promise<ColdStart[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-cold-'));
  const results: ColdStart[] = [];
  try {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const outfile = path.join(dir, `${name}.js`);
      const built = await build({ ...OPTIONS, entryPoints: [entryPath(name)], outfile });
      const baseline = packagesIn(built.metafile ?? { inputs: {}, outputs: {} });
      // The baseline keeps what it imports alive: a client is constructed, as a handler does.
      const lines = baseline.map((pkg) => BASELINE_USE[pkg]);
      const source = path.join(dir, `${name}-baseline.ts`);
      fs.writeFileSync(
        source,
        `const keep: unknown[] = [];\n${lines.join('\n')}\nexport const handler = async () => keep.length;\n`,
      );
      const baselineFile = path.join(dir, `${name}-baseline.js`);
      await build({
        ...OPTIONS,
        entryPoints: [source],
        outfile: baselineFile,
        nodePaths: [path.join(PROJECT_ROOT, 'node_modules')],
      });
      const loadMs = loadTime(outfile, runs);
      const baselineLoadMs = loadTime(baselineFile, runs);
      results.push({
        name,
        bundleKiB: Math.round(fs.statSync(outfile).size / 1024),
        baselineKiB: Math.round(fs.statSync(baselineFile).size / 1024),
        loadMs: round(loadMs),
        baselineLoadMs: round(baselineLoadMs),
        ratio: round(loadMs / baselineLoadMs),
        baseline,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const round = (n: number) => Math.round(n * 100) / 100;
