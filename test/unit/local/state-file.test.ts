import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accessKeyOf } from '../../../infra/local/dynamodb.js';
import { StateFile } from '../../../infra/local/state-file.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-file-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'state.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('StateFile', () => {
  it('reads nothing before the first save, then the last state saved', () => {
    const file = tempFile();
    const state = new StateFile<{ n: number; s?: string }>(file);
    expect(state.read()).toBeUndefined();
    state.save({ n: 1, s: 'a longer state than the next' });
    state.save({ n: 2 });
    expect(state.read()).toEqual({ n: 2 });
    state.close();
    expect(new StateFile(file).read()).toEqual({ n: 2 });
  });

  it('writes over a state an earlier process left, however long it was', () => {
    const file = tempFile();
    const first = new StateFile<{ list: number[] }>(file);
    first.save({ list: Array.from({ length: 100 }, (_, i) => i) });
    first.close();
    const second = new StateFile<{ list: number[] }>(file);
    second.save({ list: [7] });
    second.close();
    expect(new StateFile(file).read()).toEqual({ list: [7] });
  });
});

describe('accessKeyOf', () => {
  it('is the same for the same data directory, another for another, letters and digits only', () => {
    expect(accessKeyOf('/tmp/a')).toBe(accessKeyOf('/tmp/a/'));
    expect(accessKeyOf('/tmp/a')).not.toBe(accessKeyOf('/tmp/b'));
    expect(accessKeyOf('/tmp/a')).toMatch(/^[A-Za-z0-9]+$/);
  });
});
