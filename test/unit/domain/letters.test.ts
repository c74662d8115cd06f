// The rules of decision letters and complaints: which decisions are letters, the three weeks in
// Oslo days (also across the changes to and from summer time), and what a complaint body may be.

import { describe, expect, it } from 'vitest';
import {
  approvalLetter,
  complaintClosesAt,
  complaintLastDay,
  isComplaintOpen,
  letterSource,
  parseComplaint,
  parseComplaintAction,
} from '../../../shared/domain/letters.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';

const ROUND = { maxYearlyAmount: 200_000, maxPositionsPerMunicipality: 2 };

describe('which approvals are letters', () => {
  it('an approval as asked is no letter', () => {
    expect(approvalLetter({ positionsRequested: 2 }, {}, ROUND)).toBeUndefined();
    expect(
      approvalLetter(
        { positionsRequested: 2 },
        { positionsApproved: 2, yearlyAmount: 200_000 },
        ROUND,
      ),
    ).toBeUndefined();
  });

  it('fewer positions than asked is a letter, with both numbers and the comment', () => {
    expect(
      approvalLetter(
        { positionsRequested: 2 },
        { positionsApproved: 1, comment: ' Bare én veileder. ' },
        ROUND,
      ),
    ).toEqual({
      kind: 'reduced',
      positionsRequested: 2,
      positionsApproved: 1,
      maxYearlyAmount: 200_000,
      yearlyAmount: 200_000,
      maxPositionsPerMunicipality: 2,
      comment: 'Bare én veileder.',
    });
  });

  it('a lower amount than the round gives is a letter', () => {
    expect(
      approvalLetter({ positionsRequested: 1 }, { yearlyAmount: 150_000 }, ROUND),
    ).toMatchObject({ kind: 'reduced', positionsApproved: 1, yearlyAmount: 150_000 });
  });
});

describe('a letter per decision', () => {
  it('names its source by the review round or the position, so a retried e-mail finds it', () => {
    expect(letterSource({ kind: 'rejected', comment: 'x' }, 3)).toBe('rejected-r3');
    expect(
      letterSource({
        kind: 'position-lapsed',
        position: 2,
        lapsedOn: '2028-01-01',
        lapseAfterMonths: 12,
      }),
    ).toBe('position-lapsed-p2');
    expect(letterSource({ kind: 'position-ended', endedOn: '2028-01-01', cancelled: [] })).toBe(
      'position-ended-p1',
    );
  });

  it('every programme has a legal basis and a klageinstans to name', () => {
    for (const programme of Object.values(PROGRAMMES)) {
      expect(programme.letters.legalBasis).toContain(programme.owner);
      expect(programme.letters.klageinstans.name).toMatch(/klagenemnd/i);
      expect(programme.letters.klageinstans.email).toMatch(/@/);
    }
    expect(PROGRAMMES['alis-nord'].owner).toBe('Bodø kommune');
    expect(PROGRAMMES['alis-vest'].owner).toBe('Bergen kommune');
  });
});

describe('three weeks, in Oslo days', () => {
  it('a letter sent on day 0 may be complained of through day 21, and not on day 22', () => {
    const sent = new Date('2027-01-11T09:00:00Z'); // Monday 11 January, 10:00 in Oslo
    expect(complaintLastDay(sent)).toBe('2027-02-01');
    expect(complaintClosesAt(sent).toISOString()).toBe('2027-02-01T23:00:00.000Z');
    expect(isComplaintOpen(sent, new Date('2027-01-31T09:00:00Z'))).toBe(true); // day 20
    expect(isComplaintOpen(sent, new Date('2027-02-01T22:59:59Z'))).toBe(true); // day 21, 23:59
    expect(isComplaintOpen(sent, new Date('2027-02-01T23:00:00Z'))).toBe(false); // day 22
  });

  it('counts the day of sending by Oslo time, not UTC', () => {
    // 23:30 in Oslo on 10 October is still the 10th; half an hour later it is the 11th.
    expect(complaintLastDay(new Date('2026-10-10T21:30:00Z'))).toBe('2026-10-31');
    expect(complaintLastDay(new Date('2026-10-10T22:30:00Z'))).toBe('2026-11-01');
  });

  it('ends at Oslo midnight across the end of summer time (25 October 2026)', () => {
    const sent = new Date('2026-10-10T10:00:00Z');
    // The last day, 31 October, is in winter time: midnight is 23:00 UTC.
    expect(complaintClosesAt(sent).toISOString()).toBe('2026-10-31T23:00:00.000Z');
  });

  it('ends at Oslo midnight across the start of summer time (28 March 2027)', () => {
    const sent = new Date('2027-03-10T10:00:00Z'); // winter time
    expect(complaintLastDay(sent)).toBe('2027-03-31');
    // 1 April begins at 22:00 UTC the day before, in summer time.
    expect(complaintClosesAt(sent).toISOString()).toBe('2027-03-31T22:00:00.000Z');
    expect(isComplaintOpen(sent, new Date('2027-03-31T21:59:59Z'))).toBe(true);
    expect(isComplaintOpen(sent, new Date('2027-03-31T22:00:00Z'))).toBe(false);
  });
});

describe('the complaint body', () => {
  it('takes a text, trimmed', () => {
    expect(parseComplaint({ text: '  Vi klager fordi veilederen er på plass. ' })).toEqual({
      ok: true,
      text: 'Vi klager fordi veilederen er på plass.',
    });
  });

  it.each([
    [undefined, 'invalid-type', ''],
    [[], 'invalid-type', ''],
    [{}, 'required', 'text'],
    [{ text: null }, 'required', 'text'],
    [{ text: '   ' }, 'required', 'text'],
    [{ text: 5 }, 'invalid-type', 'text'],
    [{ text: ['a'] }, 'invalid-type', 'text'],
    [{ text: '!!!' }, 'no-content', 'text'],
    [{ text: 'a\u202eb' }, 'control-characters', 'text'],
    [{ text: 'x'.repeat(8001) }, 'too-large', 'text'],
  ])('refuses %j with %s at %j', (body, code, path) => {
    const parsed = parseComplaint(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ code, path });
  });
});

describe("the lead's answer", () => {
  it('takes the complaint and the positions as digits or numbers', () => {
    expect(
      parseComplaintAction('complaint-granted', { complaint: '2', positionsApproved: 2 }),
    ).toEqual({
      ok: true,
      value: { action: 'complaint-granted', complaint: 2, positionsApproved: 2 },
    });
    expect(
      parseComplaintAction('complaint-forwarded', { comment: ' Ingen nye opplysninger. ' }),
    ).toEqual({
      ok: true,
      value: { action: 'complaint-forwarded', comment: 'Ingen nye opplysninger.' },
    });
  });

  it('refuses what is not a whole number or text', () => {
    const parsed = parseComplaintAction('complaint-granted', {
      complaint: 'x',
      positionsApproved: 1.5,
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors.map((e) => e.path).sort()).toEqual(['complaint', 'positionsApproved']);
    const forwarded = parseComplaintAction('complaint-forwarded', { comment: {} });
    expect(forwarded.ok).toBe(false);
  });
});
