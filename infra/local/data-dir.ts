// The local stack's data directory (<project>/.local by default): one stack at a time may use it.

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

export class StackInUse extends Error {
  override name = 'StackInUse';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Refuses a data directory another running local stack uses: both would write the same files.
 * Returns the function that takes the lock (after a --fresh start has emptied the directory).
 */
export function checkDataDirFree(dir: string): () => void {
  const file = path.join(dir, 'stack.pid');
  const owner = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : NaN;
  if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
    throw new StackInUse(
      `Another local stack (process ${owner}) uses ${dir}; stop it first, or set ALIS_LOCAL_DIR`,
    );
  }
  return () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, String(process.pid));
  };
}

export function releaseDataDir(dir: string): void {
  fs.rmSync(path.join(dir, 'stack.pid'), { force: true });
}

export async function checkPortFree(port: number): Promise<void> {
  if (!port) return;
  const probe = http.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
