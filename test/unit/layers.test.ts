// The layer rules in biome.json, held to what they must refuse and what they must let through: each
// probe is a one-import file in a copy of the tree's layout, linted once with the project's own
// configuration. Dropping or loosening a layer's override turns one of its "refuses" rows red.
// The overrides name disjoint folders on purpose: where two name one file, Biome takes the later
// one's options whole, so an overlap would silently drop the earlier rule for that file.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../..');

/** [the importing file's folder, the import it makes] */
type Probe = [folder: string, specifier: string];

const REFUSED: Probe[] = [
  ['shared/domain', '../config.js'],
  ['shared/domain', '../errors.js'],
  ['shared/domain', '../store/items.js'],
  ['shared/domain', '../web/http.js'],
  ['shared/domain', '@aws-sdk/client-dynamodb'],
  ['shared/domain', 'aws-cdk-lib'],
  ['shared/domain', 'aws-cdk-lib/aws-lambda'],
  ['shared/domain', 'aws-lambda'],
  ['shared/presentation', '../config.js'],
  ['shared/presentation', '../store/items.js'],
  ['shared/presentation', '../services/status.js'],
  ['shared/presentation', '../mail/render.js'],
  ['shared/presentation', '@aws-sdk/lib-dynamodb'],
  ['shared/store', '../services/reviews.js'],
  ['shared/store', '../mail/to-lead.js'],
  ['shared/store', '../web/http.js'],
  ['shared/store', '../presentation/labels.js'],
  ['shared/adapters', '../services/notices.js'],
  ['shared/adapters', '../store/items.js'],
  ['shared/adapters', '../mail/render.js'],
  ['shared/mail', '../services/notices.js'],
  ['shared/mail', '../store/items.js'],
  ['shared/mail', '../web/layout.js'],
  ['shared/web', '../store/items.js'],
  ['shared/web/routes', '../../store/grants.js'],
  ['functions/web', '../../shared/store/items.js'],
  ['shared/services', '../web/http.js'],
  ['shared', './web/router.js'],
  ['functions/daily-run', '../../shared/web/router.js'],
  ['infra/local', '../../shared/web/router.js'],
];

const ALLOWED: Probe[] = [
  ['shared/domain', './programmes.js'],
  ['shared/domain', 'zod'],
  ['shared/presentation', '../domain/grant.js'],
  ['shared/presentation', './format.js'],
  ['shared/store', '../domain/grant.js'],
  ['shared/store', '../config.js'],
  ['shared/store', '@aws-sdk/lib-dynamodb'],
  ['shared/adapters', '../config.js'],
  ['shared/mail', '../presentation/labels.js'],
  ['shared/mail', '../adapters/mail.js'],
  ['shared/web/routes', '../../services/status.js'],
  ['shared/web', '../presentation/labels.js'],
  ['shared/services', '../store/items.js'],
  ['shared/services', '../mail/to-lead.js'],
  ['functions/web', '../../shared/web/router.js'],
  ['functions/daily-run', '../../shared/services/daily-run.js'],
];

const probes = [...REFUSED, ...ALLOWED].map(([folder, specifier], i) => ({
  file: `${folder}/probe-${i}.ts`,
  specifier,
}));

let dir: string;
let refusedFiles: Set<string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'alis-layers-'));
  // The project's configuration as it stands, minus what ties it to this checkout.
  const config = JSON.parse(readFileSync(path.join(root, 'biome.json'), 'utf8'));
  delete config.$schema;
  config.vcs = { enabled: false };
  config.files = { includes: ['**'] };
  writeFileSync(path.join(dir, 'biome.json'), JSON.stringify(config));
  for (const { file, specifier } of probes) {
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), `import { x } from '${specifier}';\nexport const y = x;\n`);
  }
  const biome = path.join(root, 'node_modules/.bin/biome');
  const args = ['lint', '--reporter=github', '--only=style/noRestrictedImports', '.'];
  const { stdout } = await promisify(execFile)(biome, args, { cwd: dir }).catch(
    (failed: { stdout?: string; code?: unknown }) => {
      // Exit code 1 is "errors found"; anything else is biome itself failing.
      if (failed.code !== 1 || failed.stdout === undefined) throw failed;
      return { stdout: failed.stdout };
    },
  );
  refusedFiles = new Set(
    [...stdout.matchAll(/^::error title=lint\/style\/noRestrictedImports,file=([^,]+),/gm)].map(
      (m) => path.relative(dir, m[1]!),
    ),
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the layer rules', () => {
  it.each(probes.slice(0, REFUSED.length))('refuses $specifier in $file', ({ file }) => {
    expect(refusedFiles.has(file)).toBe(true);
  });

  it.each(probes.slice(REFUSED.length))('allows $specifier in $file', ({ file }) => {
    expect(refusedFiles.has(file)).toBe(false);
  });
});
