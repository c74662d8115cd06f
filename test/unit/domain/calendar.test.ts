import { describe, expect, it } from 'vitest';
import { osloDaysBetween, startOfOsloDayAfter } from '../../../shared/domain/calendar.js';

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
