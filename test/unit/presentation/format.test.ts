import { describe, expect, it } from 'vitest';
import {
  daysText,
  formatDate,
  formatDateTime,
  approvedPositionsText,
  formatDeadline,
  formatNok,
  formatNumber,
  positionsText,
} from '../../../shared/presentation/format.js';

describe('Norwegian dates and amounts', () => {
  it('writes dates in Oslo time, whatever the instant’s offset', () => {
    expect(formatDateTime('2026-12-31T23:30:00Z')).toBe('1. januar 2027 kl. 00:30');
    expect(formatDate('2026-06-30T22:30:00Z')).toBe('1. juli 2026');
  });

  it('writes a deadline at midnight as the day before, "til og med"', () => {
    expect(formatDeadline('2027-05-01T00:00:00+02:00')).toBe('til og med 30. april 2027');
    expect(formatDeadline('2026-12-03T09:15:00Z')).toBe('innen 3. desember 2026 kl. 10:15');
  });

  it('writes "senest", "innen" or the bare day where the deadline follows a verb', () => {
    expect(formatDeadline('2027-05-01T00:00:00+02:00', 'senest')).toBe('senest 30. april 2027');
    expect(formatDeadline('2027-05-01T00:00:00+02:00', 'innen')).toBe('innen 30. april 2027');
    expect(formatDeadline('2027-05-01T00:00:00+02:00', '')).toBe('30. april 2027');
    expect(formatDeadline('2026-12-03T09:15:00Z', '')).toBe('3. desember 2026 kl. 10:15');
  });

  it('agrees "godkjent" with the count', () => {
    expect([approvedPositionsText(1), approvedPositionsText(2)]).toEqual([
      '1 godkjent ALIS-stilling',
      '2 godkjente ALIS-stillinger',
    ]);
  });

  it('shows an unparsable instant as it is', () => {
    expect(formatDateTime('snart')).toBe('snart');
    expect(formatDeadline('snart')).toBe('snart');
  });

  it('writes kroner and numbers the Norwegian way', () => {
    expect(formatNok(200_000)).toMatch(/^200\s000\skr$/);
    expect(formatNumber(2.5)).toBe('2,5');
  });

  it('counts days and positions in the singular and plural', () => {
    expect([daysText(1), daysText(14)]).toEqual(['1 dag', '14 dager']);
    expect([positionsText(1), positionsText(2)]).toEqual(['1 ALIS-stilling', '2 ALIS-stillinger']);
  });
});
