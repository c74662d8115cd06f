// The one local clock. It starts at the real time, runs with it, only ever jumps forward (POST
// /_local/advance) and survives restarts. Installed, it replaces the global Date, so production code
// keeps calling `new Date()` / `Date.now()` with no local branch.
//
// Not @sinonjs/fake-timers: its Date reads a stored number that moves only when the fake clock is
// ticked (by hand, to its next fake timer, or by a real setInterval adding a fixed step), while
// this clock must be real time plus a kept offset at every read, with real timers left alone. With
// only Date faked and `shouldAdvanceTime`, the fake time stands still through synchronous work and
// falls behind whenever the event loop is busy, so local time would drift from the kept offset.

import { StateFile } from './state-file.js';

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
  private readonly state: StateFile<ClockFile> | undefined;

  /**
   * @param file where the clock is kept between runs (none: in memory only)
   * @param realNow the real time source (tests pass their own)
   */
  constructor(
    file?: string,
    private readonly realNow: () => number = () => RealDate.now(),
  ) {
    this.state = file ? new StateFile<ClockFile>(file) : undefined;
    const saved = this.state?.read();
    if (saved) {
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
      throw new ClockError(
        `The local clock never goes back: ${new RealDate(ms).toISOString()} is before ${new RealDate(current).toISOString()}`,
      );
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
    if (!this.state) return;
    this.floorMs = Math.max(this.floorMs, this.now());
    this.state.save({ offsetMs: this.offsetMs, floorMs: this.floorMs });
  }

  /** Saves the clock a last time and lets go of its file. */
  close(): void {
    this.save();
    this.state?.close();
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

/** How far one POST /_local/advance may move the clock: five-year grant plans fit many times. */
export const MAX_ADVANCE_MS = 20 * 366 * 86_400_000;

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The instant of an ISO-8601 timestamp in epoch ms, or null. A timestamp without an offset is read
 * as UTC, whatever the machine's zone, so a test means the same instant everywhere; a date that
 * does not exist (30 February) is refused rather than rolled over into March, as Date.parse does.
 */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT.exec(value);
  if (!m) return null;
  if (!m[7]) return parseInstant(`${value}Z`);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m
    .slice(1, 7)
    .map((part) => Number(part ?? '0'));
  const date = new RealDate(RealDate.UTC(year, month - 1, day));
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const ms = RealDate.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
