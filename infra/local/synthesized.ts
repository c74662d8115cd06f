// The synthesized template for the local stack. Synthesis in-process takes several seconds (most of
// it loading aws-cdk-lib), so the result is cached in node_modules/.cache/alis-local (shared by every
// data directory, test stacks included) under a hash of everything synthesis reads: any change to
// those files synthesizes again.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { PROJECT_ROOT } from '../functions.js';
import type { CfnTemplate } from './template.js';

/** What the stack is built from: the CDK code, the shared code it imports, its configuration. */
const INPUTS = ['infra', 'shared', 'config', 'cdk.json', 'package.json', 'package-lock.json'];
const SKIP = new Set(['local', 'node_modules', 'cdk.out']);

function collect(file: string, out: string[]): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(file).sort()) {
      if (!SKIP.has(name) && !name.startsWith('.')) collect(path.join(file, name), out);
    }
  } else if (/\.(ts|tsx|json|js|css|txt)$/.test(file)) {
    out.push(file);
  }
}

export function inputsHash(): string {
  const files: string[] = [];
  for (const input of INPUTS) collect(path.join(PROJECT_ROOT, input), files);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(PROJECT_ROOT, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'alis-local');

/** synthesizeTemplate({ bundling: false }) from infra/synth.ts, or its cached result. */
export async function synthesizedTemplate(
  log: (m: string) => void = () => {},
  cacheDir = CACHE_DIR,
): Promise<CfnTemplate> {
  const key = inputsHash();
  const cacheFile = path.join(cacheDir, `template-${key.slice(0, 16)}.json`);
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
      key: string;
      template: CfnTemplate;
    };
    if (cached.key === key) return cached.template;
  } catch {
    // not cached yet (or unreadable): synthesize
  }
  log('Synthesizing the CDK stack…');
  const { synthesizeTemplate } = await import('../synth.js');
  const template = synthesizeTemplate({ bundling: false }) as CfnTemplate;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    for (const old of fs.readdirSync(cacheDir).filter((f) => /^template-.*\.json$/.test(f))) {
      fs.rmSync(path.join(cacheDir, old), { force: true });
    }
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ key, template }));
    fs.renameSync(tmp, cacheFile);
  } catch (error) {
    log(
      `Could not cache the template (${(error as Error).message}); the next start synthesizes again`,
    );
  }
  return template;
}
