// An append-only JSON-lines file: how the local stores keep what must survive a restart without
// rewriting a file that grows with history. Each record is one line, written asynchronously in the
// order given; the store keeps its working copy in memory and reads the file back once, at start.

import * as fs from 'node:fs';
import * as path from 'node:path';

export class AppendLog<T> {
  private stream: fs.WriteStream | undefined;
  private pending = Promise.resolve();
  /** Bytes handed to the file by this instance: what a test checks to see work stays per record. */
  bytesWritten = 0;
  /** Records appended by this instance. */
  appends = 0;

  constructor(readonly file: string) {}

  /**
   * Every record in the file, oldest first. A last line cut short (the process was killed while
   * writing it) is skipped; it is the one record that was never confirmed.
   */
  read(): T[] {
    if (!fs.existsSync(this.file)) return [];
    const records: T[] = [];
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line) return;
      try {
        records.push(JSON.parse(line) as T);
      } catch (error) {
        if (index < lines.length - 1 && lines.slice(index + 1).some(Boolean)) throw error;
      }
    });
    return records;
  }

  /**
   * Queues one record; the write happens off the caller's path, in order. `written` runs once
   * the record is in the file.
   */
  append(record: T, written?: () => void): void {
    const line = `${JSON.stringify(record)}\n`;
    this.bytesWritten += Buffer.byteLength(line);
    this.appends++;
    const stream = this.open();
    this.pending = new Promise<void>((resolve, reject) =>
      stream.write(line, (error) => (error ? reject(error) : resolve())),
    )
      .then(written)
      .catch((error: unknown) => console.error(`[local stack] writing ${this.file}:`, error));
  }

  /** Resolves once everything appended so far is in the file. */
  flush(): Promise<void> {
    return this.pending;
  }

  /** Replaces the file with these records (used once, at start, to compact or migrate). */
  rewrite(records: T[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    fs.writeFileSync(`${this.file}.tmp`, text);
    fs.renameSync(`${this.file}.tmp`, this.file);
  }

  async close(): Promise<void> {
    await this.flush();
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  private open(): fs.WriteStream {
    if (!this.stream) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.stream = fs.createWriteStream(this.file, { flags: 'a' });
      this.stream.on('error', (error) =>
        console.error(`[local stack] writing ${this.file}:`, error),
      );
    }
    return this.stream;
  }
}
