import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import {
  LocalScheduler,
  ScheduleExpressionError,
  occurrences,
  parseScheduleExpression,
} from '../../../infra/local/scheduler.js';
import type { ScheduleSpec } from '../../../infra/local/template.js';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

const daily: ScheduleSpec = {
  name: 'Daily',
  expression: 'cron(0 6 * * ? *)',
  timezone: 'Europe/Oslo',
  enabled: true,
  target: 'dailyRun',
};

describe('parseScheduleExpression', () => {
  it('fires at 06:00 Oslo time, whether summer or winter time', () => {
    const daily6 = parseScheduleExpression('cron(0 6 * * ? *)', 'Europe/Oslo');
    // Summer time ends on 2026-10-25: 06:00 is 04:00Z before and 05:00Z after.
    expect(
      occurrences(daily6, at('2026-10-23T12:00:00Z'), at('2026-10-27T12:00:00Z')).map(iso),
    ).toEqual([
      '2026-10-24T04:00:00.000Z',
      '2026-10-25T05:00:00.000Z',
      '2026-10-26T05:00:00.000Z',
      '2026-10-27T05:00:00.000Z',
    ]);
  });

  it('counts from just after `after` up to and including `until`', () => {
    const daily6 = parseScheduleExpression('cron(0 6 * * ? *)', 'Europe/Oslo');
    expect(
      occurrences(daily6, at('2026-11-02T05:00:00Z'), at('2026-11-03T05:00:00Z')).map(iso),
    ).toEqual(['2026-11-03T05:00:00.000Z']);
    expect(daily6.next(at('2026-11-02T05:00:00Z'), at('2026-11-03T04:59:59Z'))).toBeUndefined();
  });

  it('numbers weekdays as AWS does (1 = Sunday)', () => {
    const weekdays = parseScheduleExpression('cron(0 8 ? * 2-6 *)', 'UTC');
    const named = parseScheduleExpression('cron(0 8 ? * MON-FRI *)', 'UTC');
    // 2026-11-02 is a Monday.
    const week = [at('2026-11-01T00:00:00Z'), at('2026-11-08T23:59:59Z')] as const;
    const expected = ['02', '03', '04', '05', '06'].map((d) => `2026-11-${d}T08:00:00.000Z`);
    expect(occurrences(weekdays, ...week).map(iso)).toEqual(expected);
    expect(occurrences(named, ...week).map(iso)).toEqual(expected);
    expect(
      occurrences(parseScheduleExpression('cron(0 8 ? * 1 *)', 'UTC'), ...week).map(iso),
    ).toEqual(['2026-11-01T08:00:00.000Z', '2026-11-08T08:00:00.000Z']);
  });

  it('honours the year field', () => {
    const only2027 = parseScheduleExpression('cron(0 6 1 1 ? 2027)', 'Europe/Oslo');
    expect(
      occurrences(only2027, at('2025-12-01T00:00:00Z'), at('2029-01-02T00:00:00Z')).map(iso),
    ).toEqual(['2027-01-01T05:00:00.000Z']);
  });

  it('knows at() and rate() expressions', () => {
    const once = parseScheduleExpression('at(2027-03-01T09:30:00)', 'Europe/Oslo');
    expect(
      occurrences(once, at('2026-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z')).map(iso),
    ).toEqual(['2027-03-01T08:30:00.000Z']);
    const hourly = parseScheduleExpression('rate(1 hour)', 'UTC', at('2026-01-01T00:15:00Z'));
    expect(
      occurrences(hourly, at('2026-01-01T01:00:00Z'), at('2026-01-01T03:00:00Z')).map(iso),
    ).toEqual(['2026-01-01T01:15:00.000Z', '2026-01-01T02:15:00.000Z']);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseScheduleExpression('cron(0 6 * *)', 'UTC')).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression('cron(0 6 15W * ? *)', 'UTC')).toThrow(
      ScheduleExpressionError,
    );
    expect(() => parseScheduleExpression('every day', 'UTC')).toThrow(ScheduleExpressionError);
  });
});

describe('LocalScheduler', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Drains everything due up to `upTo`, as the stack does, recording what fired. */
  function drain(scheduler: LocalScheduler, upTo: number): string[] {
    const fired: string[] = [];
    for (let due = scheduler.nextDue(upTo); due; due = scheduler.nextDue(upTo)) {
      scheduler.markFired(due);
      if (due.kind === 'timer') due.fire();
      scheduler.markFinished(due);
      fired.push(`${iso(due.at)} ${due.kind === 'schedule' ? due.schedule.name : due.label}`);
    }
    return fired;
  }

  it('fires schedules and timers in time order, each occurrence once', () => {
    const weekly: ScheduleSpec = { ...daily, name: 'Weekly', expression: 'cron(30 5 ? * MON *)' };
    const scheduler = new LocalScheduler([daily, weekly], at('2026-11-01T12:00:00Z'));
    scheduler.addTimer(at('2026-11-02T05:00:00Z'), 'timer at 06:00', () => {});
    scheduler.addTimer(at('2026-11-02T12:00:00Z'), 'noon timer', () => {});

    expect(drain(scheduler, at('2026-11-03T05:00:00Z'))).toEqual([
      '2026-11-02T04:30:00.000Z Weekly',
      '2026-11-02T05:00:00.000Z timer at 06:00',
      '2026-11-02T05:00:00.000Z Daily',
      '2026-11-02T12:00:00.000Z noon timer',
      '2026-11-03T05:00:00.000Z Daily',
    ]);
    expect(drain(scheduler, at('2026-11-03T05:00:00Z'))).toEqual([]);
  });

  it('never fires what fell due before it first started', () => {
    const scheduler = new LocalScheduler([daily], at('2026-11-02T12:00:00Z'));
    expect(drain(scheduler, at('2026-11-02T12:00:00Z'))).toEqual([]);
  });

  it('remembers across a restart what it has fired', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-scheduler-'));
    dirs.push(dir);
    const file = path.join(dir, 'scheduler.json');
    const first = new LocalScheduler([daily], at('2026-11-01T12:00:00Z'), file);
    expect(drain(first, at('2026-11-02T06:00:00Z'))).toHaveLength(1);

    const second = new LocalScheduler([daily], at('2026-11-02T06:00:00Z'), file);
    expect(drain(second, at('2026-11-03T06:00:00Z'))).toEqual(['2026-11-03T05:00:00.000Z Daily']);
  });

  it('fires again, at its next start, a run it was killed in the middle of', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alis-scheduler-'));
    dirs.push(dir);
    const file = path.join(dir, 'scheduler.json');
    const first = new LocalScheduler([daily], at('2026-11-01T12:00:00Z'), file);
    const begun = first.nextDue(at('2026-11-02T06:00:00Z'))!;
    first.markFired(begun); // …and the process dies before the run ends.

    const second = new LocalScheduler([daily], at('2026-11-02T12:00:00Z'), file);
    expect(drain(second, at('2026-11-02T12:00:00Z'))).toEqual(['2026-11-02T05:00:00.000Z Daily']);
    // Once: a third start finds it finished, and the next day is as usual.
    const third = new LocalScheduler([daily], at('2026-11-02T12:00:00Z'), file);
    expect(drain(third, at('2026-11-03T06:00:00Z'))).toEqual(['2026-11-03T05:00:00.000Z Daily']);
  });

  it('skips disabled schedules and respects start and end dates', () => {
    const scheduler = new LocalScheduler(
      [
        { ...daily, name: 'Off', enabled: false },
        {
          ...daily,
          name: 'Window',
          startDate: '2026-11-03T00:00:00Z',
          endDate: '2026-11-04T23:00:00Z',
        },
      ],
      at('2026-11-01T12:00:00Z'),
    );
    expect(drain(scheduler, at('2026-11-10T12:00:00Z'))).toEqual([
      '2026-11-03T05:00:00.000Z Window',
      '2026-11-04T05:00:00.000Z Window',
    ]);
  });

  it('forgets a cancelled timer', () => {
    const scheduler = new LocalScheduler([], at('2026-11-01T12:00:00Z'));
    const cancel = scheduler.addTimer(at('2026-11-02T00:00:00Z'), 'cancelled', () => {});
    cancel();
    expect(scheduler.nextDue(at('2026-12-01T00:00:00Z'))).toBeUndefined();
  });
});
