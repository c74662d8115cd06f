import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClockError, LocalClock, parseInstant } from '../../../infra/local/clock.js';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const DAY = 86_400_000;

/** A real-time source the test moves by hand. */
function realTime(start = T0) {
  let now = start;
  return { now: () => now, pass: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-clock-'));
  dirs.push(dir);
  return path.join(dir, 'clock.json');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('LocalClock', () => {
  it('starts at the real time and runs with it', () => {
    const real = realTime();
    const clock = new LocalClock(undefined, real.now);
    expect(clock.now()).toBe(T0);
    real.pass(1500);
    expect(clock.now()).toBe(T0 + 1500);
  });

  it('jumps forward, then keeps running from there', () => {
    const real = realTime();
    const clock = new LocalClock(undefined, real.now);
    clock.setTo(T0 + 3 * DAY);
    real.pass(1000);
    expect(clock.now()).toBe(T0 + 3 * DAY + 1000);
  });

  it('never goes back', () => {
    const real = realTime();
    const clock = new LocalClock(undefined, real.now);
    clock.setTo(T0 + DAY);
    expect(() => clock.setTo(T0)).toThrow(ClockError);
    expect(() => clock.setTo(Number.NaN)).toThrow(ClockError);
    clock.moveForwardTo(T0); // no-op rather than an error
    expect(clock.now()).toBe(T0 + DAY);
  });

  it('keeps its time across a restart', () => {
    const file = tempFile();
    const real = realTime();
    new LocalClock(file, real.now).setTo(T0 + 10 * DAY);
    real.pass(60_000); // stopped for a minute
    const again = new LocalClock(file, real.now);
    expect(again.now()).toBe(T0 + 10 * DAY + 60_000);
  });

  it('does not follow the machine clock backwards across a restart', () => {
    const file = tempFile();
    const real = realTime();
    const clock = new LocalClock(file, real.now);
    clock.setTo(T0 + DAY);
    clock.save();
    real.set(T0 - 3_600_000); // the machine's clock was set back an hour
    expect(new LocalClock(file, real.now).now()).toBeGreaterThanOrEqual(T0 + DAY);
  });

  describe('installed', () => {
    let clock: LocalClock | undefined;
    afterEach(() => clock?.uninstall());

    it('makes Date follow the local clock, and only Date', () => {
      const RealDate = Date;
      const real = realTime();
      clock = new LocalClock(undefined, real.now);
      clock.install();
      clock.setTo(Date.parse('2030-01-01T00:00:00Z'));

      expect(new Date().toISOString()).toBe('2030-01-01T00:00:00.000Z');
      expect(Date.now()).toBe(Date.parse('2030-01-01T00:00:00Z'));
      expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
      expect(new Date(2031, 0, 1).getFullYear()).toBe(2031);
      expect(Date.UTC(2030, 0, 2)).toBe(RealDate.UTC(2030, 0, 2));
      expect(typeof Date()).toBe('string');
      expect(new Date() instanceof RealDate).toBe(true);
      expect(new RealDate() instanceof Date).toBe(true);
      expect(Object.prototype.toString.call(new Date())).toBe('[object Date]');

      clock.uninstall();
      expect(Date).toBe(RealDate);
    });
  });
});

describe('parseInstant (what POST /_local/advance accepts)', () => {
  it.each([
    ['2026-11-02T06:00:00+01:00', '2026-11-02T05:00:00.000Z'],
    ['2026-11-02T05:00:00Z', '2026-11-02T05:00:00.000Z'],
    ['2026-11-02T05:00Z', '2026-11-02T05:00:00.000Z'],
    ['2026-11-02T05:00:00', '2026-11-02T05:00:00.000Z'], // no offset: UTC, on any machine
    ['2028-02-29T12:00:00.123Z', '2028-02-29T12:00:00.123Z'],
  ])('reads %s', (value, instant) => {
    expect(new Date(parseInstant(value)!).toISOString()).toBe(instant);
  });

  it.each(['2026-02-30T06:00:00Z', '2026-11-02T24:30:00Z', '2026-11-02', 'i morgen', 42, null])(
    'refuses %j (no such date or time, not a timestamp)',
    (value) => {
      expect(parseInstant(value)).toBeNull();
    },
  );
});
