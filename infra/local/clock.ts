// The one local clock. It starts at the real time, runs with it, only ever jumps forward (POST
// /_local/advance) and survives restarts. Installed, it replaces the global Date, so production code
// keeps calling `new Date()` / `Date.now()` with no local branch.

import * as fs from 'node:fs';
import * as path from 'node:path';

const RealDate = Date;

export class ClockError extends Error {
  override name = 'ClockError';
}

interface ClockFile {
  /** Local time minus real time, in ms. */
  offsetMs: number;
  /** The latest local time known to have been shown; the clock never goes below it. */
  floorMs: number;
}

export class LocalClock {
  private offsetMs = 0;
  private floorMs = 0;
  private installed: DateConstructor | undefined;

  /**
   * @param file where the clock is kept between runs (none: in memory only)
   * @param realNow the real time source (tests pass their own)
   */
  constructor(
    private readonly file?: string,
    private readonly realNow: () => number = () => RealDate.now(),
  ) {
    if (file && fs.existsSync(file)) {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as ClockFile;
      this.offsetMs = saved.offsetMs;
      this.floorMs = saved.floorMs;
    }
    // If the machine's clock went back while we were stopped, keep local time from following it.
    const real = this.realNow();
    if (real + this.offsetMs < this.floorMs) this.offsetMs = this.floorMs - real;
  }

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  /** Moves the clock to `ms` (epoch). Refuses to go back. */
  setTo(ms: number): void {
    if (!Number.isFinite(ms)) throw new ClockError('Not a valid instant');
    const current = this.now();
    if (ms < current) {
      throw new ClockError(`The local clock never goes back: ${new RealDate(ms).toISOString()} is before ${new RealDate(current).toISOString()}`);
    }
    this.offsetMs = ms - this.realNow();
    this.floorMs = ms;
    this.save();
  }

  /** Moves to `ms` if it is later than now; otherwise leaves the clock where it is. */
  moveForwardTo(ms: number): void {
    if (ms > this.now()) this.setTo(ms);
  }

  save(): void {
    if (!this.file) return;
    this.floorMs = Math.max(this.floorMs, this.now());
    const data: ClockFile = { offsetMs: this.offsetMs, floorMs: this.floorMs };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(`${this.file}.tmp`, JSON.stringify(data));
    fs.renameSync(`${this.file}.tmp`, this.file);
  }

  /** Makes the global Date follow this clock (only Date: timers keep real time). */
  install(): void {
    if (this.installed) return;
    const now = () => this.now();
    function LocalDate(this: unknown, ...args: unknown[]): unknown {
      if (!new.target) return new RealDate(now()).toString();
      return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
    }
    Object.setPrototypeOf(LocalDate, RealDate); // Date.UTC, Date.parse
    LocalDate.prototype = RealDate.prototype; // instanceof Date holds both ways
    Object.defineProperty(LocalDate, 'name', { value: 'Date' });
    Object.defineProperty(LocalDate, 'length', { value: 7 });
    LocalDate.now = now;
    this.installed = globalThis.Date;
    globalThis.Date = LocalDate as unknown as DateConstructor;
  }

  uninstall(): void {
    if (!this.installed) return;
    globalThis.Date = this.installed;
    this.installed = undefined;
  }
}
