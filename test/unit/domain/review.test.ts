import { describe, expect, it } from 'vitest';
import { PROGRAMMES, openRound } from '../../../shared/domain/programmes.js';
import {
  changesDeadline,
  firstReviewTimer,
  newApplicationId,
  nextReviewTimer,
  parseDecision,
  reviewWindowEnd,
} from '../../../shared/domain/review.js';

const nord = PROGRAMMES['alis-nord'];
const requestedAt = new Date('2026-12-01T09:00:00Z');

describe('decisions', () => {
  it('accepts an approval without a comment', () => {
    expect(parseDecision({ decision: 'approve' })).toEqual({
      ok: true,
      decision: 'approve',
      comment: '',
    });
  });

  it.each(['reject', 'request-changes'])('requires a comment for %s', (decision) => {
    const result = parseDecision({ decision, comment: '  ' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([
        expect.objectContaining({ path: 'comment', code: 'required' }),
      ]);
  });

  it('refuses an unknown decision', () => {
    const result = parseDecision({ decision: 'maybe', comment: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'decision', code: 'required' });
  });

  it('keeps the trimmed comment', () => {
    expect(parseDecision({ decision: 'reject', comment: ' Mangler veileder. ' })).toEqual({
      ok: true,
      decision: 'reject',
      comment: 'Mangler veileder.',
    });
  });
});

describe('decision comments', () => {
  it('keeps the tabs and line breaks a textarea sends', () => {
    const comment = 'Mangler:\r\n\t- veileder\n\t- bakvakt';
    expect(parseDecision({ decision: 'request-changes', comment })).toEqual({
      ok: true,
      decision: 'request-changes',
      comment,
    });
  });

  it.each([
    ['a NUL', 'Mangler veileder.\u0000'],
    ['an escape sequence', '\u001b[2JMangler veileder.'],
    ['a right-to-left override', 'Mangler \u202everileder.'],
    ['a zero-width space', 'Mangler\u200b veileder.'],
  ])('refuses %s, whatever the decision', (_what, comment) => {
    for (const decision of ['approve', 'reject', 'request-changes']) {
      expect(parseDecision({ decision, comment })).toEqual({
        ok: false,
        errors: [
          {
            path: 'comment',
            code: 'control-characters',
            message: expect.stringMatching(/kontrolltegn/),
          },
        ],
      });
    }
  });

  it.each(['<!--', '🙂', '...'])('refuses %j, which says nothing, as a reason', (comment) => {
    const result = parseDecision({ decision: 'reject', comment });
    expect(result.ok === false && result.errors).toEqual([
      expect.objectContaining({ path: 'comment', code: 'no-content' }),
    ]);
  });

  it.each([42, true, ['Mangler veileder.'], { text: 'x' }])(
    'answers a comment given as %j with a field error',
    (comment) => {
      const result = parseDecision({ decision: 'approve', comment });
      expect(result.ok === false && result.errors).toEqual([
        expect.objectContaining({ path: 'comment', code: 'invalid-type' }),
      ]);
    },
  );

  it('takes a null comment as none', () => {
    expect(parseDecision({ decision: 'approve', comment: null }).ok).toBe(true);
  });

  it('refuses a comment over 4 000 characters', () => {
    const result = parseDecision({ decision: 'reject', comment: 'x'.repeat(4001) });
    expect(result.ok === false && result.errors).toEqual([
      {
        path: 'comment',
        code: 'too-large',
        message: 'Kommentaren kan ikke være lengre enn 4000 tegn.',
      },
    ]);
  });
});

describe('review timers', () => {
  // 10:00 in Oslo on 1 December; each stage is due when its Oslo day begins (midnight, +01:00 in winter).
  it('reminds after 7 days, escalates after 14, renews links when the 30-day window closes', () => {
    const windowEnd = reviewWindowEnd(requestedAt, nord);
    expect(windowEnd.toISOString()).toBe('2026-12-30T23:00:00.000Z');
    const reminder = firstReviewTimer(requestedAt, nord);
    expect(reminder).toEqual({ stage: 'reminder', dueAt: new Date('2026-12-07T23:00:00Z') });
    const escalation = nextReviewTimer('reminder', requestedAt, windowEnd, nord);
    expect(escalation).toEqual({ stage: 'escalation', dueAt: new Date('2026-12-14T23:00:00Z') });
    const renewal = nextReviewTimer('escalation', requestedAt, windowEnd, nord);
    expect(renewal).toEqual({ stage: 'renewal', dueAt: windowEnd });
    expect(nextReviewTimer('renewal', requestedAt, windowEnd, nord)).toEqual({
      stage: 'reminder',
      dueAt: new Date('2027-01-06T23:00:00Z'),
    });
  });

  it('counts Oslo days: a request late in the evening is reminded at the same daily run as one in the morning', () => {
    const evening = new Date('2026-12-01T22:30:00Z'); // 23:30 in Oslo, still 1 December
    expect(firstReviewTimer(evening, nord).dueAt).toEqual(
      firstReviewTimer(requestedAt, nord).dueAt,
    );
  });

  it('gives a municipality 30 days to answer a request for changes', () => {
    expect(changesDeadline(requestedAt, nord).toISOString()).toBe('2026-12-30T23:00:00.000Z');
  });
});

describe('rounds', () => {
  it('has an open round for each programme from 2026-11-01 to 2027-03-31, Oslo time', () => {
    for (const programme of Object.values(PROGRAMMES)) {
      expect(openRound(programme, new Date('2026-11-01T00:00:00+01:00'))).toBeDefined();
      expect(openRound(programme, new Date('2027-03-31T23:59:59+02:00'))).toBeDefined();
    }
  });

  it('keeps the 2019 rounds with their positions, closed today', () => {
    expect(nord.rounds.find((r) => r.id === 'alis-nord-2019')?.positions).toBe(32);
    expect(PROGRAMMES['alis-vest'].rounds.find((r) => r.id === 'alis-vest-2019')?.positions).toBe(
      15,
    );
    expect(openRound(nord, new Date('2019-03-01T12:00:00Z'))?.id).toBe('alis-nord-2019');
    expect(openRound(nord, new Date('2019-04-02T12:00:00Z'))).toBeUndefined();
  });
});

describe('application ids', () => {
  it('tell the programme and year and avoid letters that are misread', () => {
    const id = newApplicationId(nord, requestedAt, new Uint8Array([0, 1, 8, 18, 21, 24, 27, 31]));
    expect(id).toBe('AN-2026-018JNRVZ');
    expect(id).toMatch(/^AN-2026-[0-9A-HJKMNP-TV-Z]{8}$/);
  });
});
