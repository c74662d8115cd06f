// Part of the integration and browser projects' global setup (stacks-once.ts): synthesizes the
// stack's template once, before their files start. Each file's local stack reads it from the cache
// (infra/local/synthesized.ts); without this, the first files of a fresh clone, started side by
// side, each synthesize the same template themselves.

import { synthesizedTemplate } from '../../infra/local/synthesized.js';

export default async function setup(): Promise<void> {
  await synthesizedTemplate();
}
