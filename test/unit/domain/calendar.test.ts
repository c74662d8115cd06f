import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDaysToDate,
  addYearsToDate,
  firstOfNextOsloMonth,
  isCalendarDate,
  osloDateOf,
  osloDaysBetween,
  startOfOsloDate,
  startOfOsloDayAfter,
} from '../../../shared/domain/calendar.js';

describe('Oslo calendar days', () => {
  it('begins a winter day at 23:00 UTC the evening before', () => {
    expect(startOfOsloDayAfter(new Date('2026-11-23T15:00:00Z'), 7).toISOString()).toBe(
      '2026-11-29T23:00:00.000Z',
    );
  });

  it('begins a summer day at 22:00 UTC the evening before', () => {
    expect(startOfOsloDayAfter(new Date('2027-06-10T12:00:00Z'), 1).toISOString()).toBe(
      '2027-06-10T22:00:00.000Z',
    );
  });

  it('takes the Oslo date, not the UTC date, of the starting instant', () => {
    // 00:30 in Oslo on 24 November is still the 23rd in UTC.
    expect(startOfOsloDayAfter(new Date('2026-11-23T23:30:00Z'), 0).toISOString()).toBe(
      '2026-11-23T23:00:00.000Z',
    );
  });

  it('crosses the change to and from summer time', () => {
    // Summer time starts 28 March 2027 and ends 31 October 2027.
    expect(startOfOsloDayAfter(new Date('2027-03-25T12:00:00Z'), 7).toISOString()).toBe(
      '2027-03-31T22:00:00.000Z',
    );
    expect(startOfOsloDayAfter(new Date('2027-10-28T12:00:00Z'), 7).toISOString()).toBe(
      '2027-11-03T23:00:00.000Z',
    );
  });

  it('runs over month and year ends', () => {
    expect(startOfOsloDayAfter(new Date('2026-12-28T12:00:00Z'), 30).toISOString()).toBe(
      '2027-01-26T23:00:00.000Z',
    );
  });
});

describe('Oslo days between', () => {
  it('counts calendar days, not 24-hour periods', () => {
    // 17:00 on 1 December to 06:00 on 15 December, Oslo time: 13 days and 13 hours, but the 14th day.
    expect(
      osloDaysBetween(new Date('2026-12-01T16:00:00Z'), new Date('2026-12-15T05:00:00Z')),
    ).toBe(14);
    expect(
      osloDaysBetween(new Date('2026-12-01T23:30:00Z'), new Date('2026-12-02T22:30:00Z')),
    ).toBe(0);
  });
});

describe('Oslo calendar dates', () => {
  it('knows which days exist, 29 February only in leap years', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2027-04-31')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate('2027-00-10')).toBe(false);
    expect(isCalendarDate('2027-1-10')).toBe(false);
    expect(isCalendarDate('2027-01-10T00:00')).toBe(false);
    expect(isCalendarDate(20270110)).toBe(false);
  });

  it('adds days over 29 February and year ends', () => {
    expect(addDaysToDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDaysToDate('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDaysToDate('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDaysToDate('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDaysToDate('2028-01-01', 90)).toBe('2028-03-31');
  });

  it('keeps anniversaries on the calendar day, 29 February falling back to the 28th', () => {
    expect(addYearsToDate('2027-03-01', 1)).toBe('2028-03-01');
    expect(addYearsToDate('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYearsToDate('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYearsToDate('2027-02-28', 1)).toBe('2028-02-28');
  });

  it('names the Oslo date of an instant, not the UTC date', () => {
    expect(osloDateOf(new Date('2028-02-28T23:30:00Z'))).toBe('2028-02-29');
    expect(osloDateOf(new Date('2027-07-31T22:30:00Z'))).toBe('2027-08-01');
    expect(osloDateOf(new Date('2027-07-31T21:30:00Z'))).toBe('2027-07-31');
  });

  it('finds the first of the next Oslo month', () => {
    expect(firstOfNextOsloMonth(new Date('2028-02-29T12:00:00Z'))).toBe('2028-03-01');
    expect(firstOfNextOsloMonth(new Date('2027-01-31T23:30:00Z'))).toBe('2027-03-01');
    expect(firstOfNextOsloMonth(new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-01');
  });

  it('begins a date at Oslo midnight on both sides of the clock changes', () => {
    // Summer time starts 28 March 2027 and ends 31 October 2027.
    expect(startOfOsloDate('2027-03-28').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(startOfOsloDate('2027-03-29').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(startOfOsloDate('2027-10-31').toISOString()).toBe('2027-10-30T22:00:00.000Z');
    expect(startOfOsloDate('2027-11-01').toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(startOfOsloDate('2028-02-29').toISOString()).toBe('2028-02-28T23:00:00.000Z');
  });

  it('refuses a date that does not exist rather than guessing', () => {
    expect(() => startOfOsloDate('2027-02-29')).toThrow(RangeError);
    expect(() => addYearsToDate('2027-02-30', 1)).toThrow(RangeError);
  });

  it('round-trips every date through its start instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const date = d.toISOString().slice(0, 10);
          const start = startOfOsloDate(date);
          expect(osloDateOf(start)).toBe(date);
          expect(osloDateOf(new Date(start.getTime() - 1))).toBe(addDaysToDate(date, -1));
        },
      ),
    );
  });
});
