// A small JSON state that must survive a restart and is rewritten often (the clock at every jump,
// the scheduler at every daily run: thousands of times when a test moves five years ahead).
//
// Each save is one positional write over the start of a file kept open, padded with spaces to the
// longest state written so far, so nothing is truncated first. A process killed by any signal
// leaves either the whole previous state or the whole new one: a write to a regular file is not cut
// short by a signal. (A temporary file and a rename, as before, cost a directory update at every
// save, and were most of the local stack's own work per simulated day.)

import * as fs from 'node:fs';
import * as path from 'node:path';

export class StateFile<T> {
  private fd: number | undefined;
  /** Bytes of the longest state in the file: a shorter one is padded over it. */
  private length = 0;

  constructor(readonly file: string) {}

  /** The saved state, or undefined when there is none yet. */
  read(): T | undefined {
    if (!fs.existsSync(this.file)) return undefined;
    const text = fs.readFileSync(this.file, 'utf8').trim();
    return text ? (JSON.parse(text) as T) : undefined;
  }

  save(state: T): void {
    const fd = this.open();
    const bytes = Buffer.from(JSON.stringify(state).padEnd(this.length, ' '));
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
    this.length = Math.max(this.length, bytes.length);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.closeSync(fs.openSync(this.file, 'a')); // create it if missing, keep it if not
      this.fd = fs.openSync(this.file, 'r+');
      this.length = fs.fstatSync(this.fd).size;
    }
    return this.fd;
  }
}
