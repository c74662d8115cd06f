import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { osloDateOf } from '../../../shared/domain/calendar.js';
import {
  canMoveGrant,
  canMoveInstalment,
  canMovePosition,
  confirmationReminderAt,
  financeReminderAt,
  GRANT_STATUSES,
  grantStatusOf,
  grantYears,
  INSTALMENT_STATUSES,
  type InstalmentStatus,
  instalmentHeldAt,
  instalmentsToCancel,
  parseConfirmation,
  parseConfirmations,
  parseStartReport,
  parsePaymentRecord,
  parseYearlyAmount,
  paymentWorkflowStartsAt,
  planGrant,
  planPosition,
  POSITION_STATUSES,
  type PositionStatus,
  positionLapseReminderAt,
  positionLapsesAt,
  positionOf,
  unconfirmedGrantEndsAt,
} from '../../../shared/domain/grant.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';

const nord = PROGRAMMES['alis-nord'];
const vest = PROGRAMMES['alis-vest'];

const osloClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const isOsloMidnight = (instant: Date) => osloClock.format(instant) === '00:00:00';

const employed = (monthsCompleted: number) =>
  ({ kind: 'employed-doctor', monthsCompleted }) as const;
const fresh = { kind: 'new-position' } as const;

describe('the grant plan', () => {
  it('pays an ALIS-Nord doctor already employed five years of 200 000 kr with no egenandel', () => {
    const plan = planGrant({
      programme: nord,
      decidedAt: new Date('2027-06-10T10:00:00Z'),
      candidates: [employed(0)],
      approved: 1,
      yearlyAmountPerPosition: 200_000,
      employmentModel: 'salaried',
    });
    expect(plan).toEqual({
      positions: [
        {
          position: 1,
          candidate: employed(0),
          status: 'ACTIVE',
          startDate: '2027-07-01',
          years: 5,
          employmentModel: 'salaried',
        },
      ],
      yearlyAmountPerPosition: 200_000,
      egenandelPerPosition: 0,
      instalments: ['2027-07-01', '2028-07-01', '2029-07-01', '2030-07-01', '2031-07-01'].map(
        (dueDate, index) => ({
          position: 1,
          year: index + 1,
          dueDate,
          grant: 200_000,
          egenandel: 0,
          net: 200_000,
        }),
      ),
    });
  });

  it('pays an ALIS-Vest doctor 14 months in four years of 200 000 − 50 000 = 150 000 kr', () => {
    const plan = planGrant({
      programme: vest,
      decidedAt: new Date('2027-02-10T10:00:00Z'),
      candidates: [employed(14)],
      approved: 1,
      yearlyAmountPerPosition: 200_000,
      employmentModel: 'salaried',
    });
    expect(plan.positions[0]?.years).toBe(4);
    expect(plan.egenandelPerPosition).toBe(50_000);
    expect(plan.instalments).toEqual(
      ['2027-03-01', '2028-03-01', '2029-03-01', '2030-03-01'].map((dueDate, index) => ({
        position: 1,
        year: index + 1,
        dueDate,
        grant: 200_000,
        egenandel: 50_000,
        net: 150_000,
      })),
    );
  });

  it('gives each position its own plan, and a new position none until it starts', () => {
    const plan = planGrant({
      programme: nord,
      decidedAt: new Date('2027-02-10T10:00:00Z'),
      candidates: [employed(30), fresh, employed(0)],
      approved: 2,
      yearlyAmountPerPosition: 120_000,
      employmentModel: 'self-employed',
    });
    expect(plan.positions.map((p) => [p.position, p.status, p.startDate, p.years])).toEqual([
      [1, 'ACTIVE', '2027-03-01', 3],
      [2, 'AWAITING_START', undefined, 5],
    ]);
    expect(plan.instalments.map((i) => [i.position, i.year, i.dueDate, i.grant])).toEqual([
      [1, 1, '2027-03-01', 120_000],
      [1, 2, '2028-03-01', 120_000],
      [1, 3, '2029-03-01', 120_000],
    ]);
    // Reported three months later, the new position pays its five years from its own start.
    const started = planPosition({
      position: { position: 2, years: 5, startDate: '2027-05-15' },
      yearlyAmountPerPosition: 120_000,
      egenandelPerPosition: 0,
    });
    expect(started.map((i) => i.dueDate)).toEqual([
      '2027-05-15',
      '2028-05-15',
      '2029-05-15',
      '2030-05-15',
      '2031-05-15',
    ]);
    expect(started.every((i) => i.position === 2)).toBe(true);
  });

  it.each([
    [0, 5],
    [11, 5],
    [12, 4],
    [14, 4],
    [30, 3],
    [47, 2],
    [48, 1],
    [59, 1],
    [60, 1],
    [120, 1],
  ])('pays a doctor %i months in for %i years, rounding the rest up', (months, years) => {
    expect(grantYears(vest, employed(months))).toBe(years);
  });

  it('starts a doctor already employed on the first of the month after the decision in Oslo time', () => {
    const plan = (decidedAt: string) =>
      planGrant({
        programme: nord,
        decidedAt: new Date(decidedAt),
        candidates: [employed(0)],
        approved: 1,
        yearlyAmountPerPosition: 200_000,
        employmentModel: 'salaried',
      }).positions[0]?.startDate;
    // 23:30 UTC on 31 January is 00:30 on 1 February in Oslo.
    expect(plan('2027-01-31T23:30:00Z')).toBe('2027-03-01');
    expect(plan('2027-01-31T22:30:00Z')).toBe('2027-02-01');
    // 22:30 UTC on 31 July is already 1 August in Oslo's summer time.
    expect(plan('2027-07-31T22:30:00Z')).toBe('2027-09-01');
    expect(plan('2026-12-15T12:00:00Z')).toBe('2027-01-01');
    expect(plan('2028-02-29T12:00:00Z')).toBe('2028-03-01');
  });

  it('plans every started position its own years, whole kroner, on its own anniversaries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(nord, vest),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.array(
          fc.oneof(
            fc.constant(fresh),
            fc.integer({ min: 0, max: 120 }).map((months) => employed(months)),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 50_000, max: 200_000 }),
        (programme, decidedAt, candidates, approvedWanted, amount) => {
          const approved = Math.min(approvedWanted, candidates.length);
          const plan = planGrant({
            programme,
            decidedAt,
            candidates,
            approved,
            yearlyAmountPerPosition: amount,
            employmentModel: 'salaried',
          });
          expect(plan.positions.map((p) => p.position)).toEqual(
            Array.from({ length: approved }, (_, i) => i + 1),
          );
          for (const position of plan.positions) {
            const own = plan.instalments.filter((i) => i.position === position.position);
            expect(position.years).toBe(grantYears(programme, position.candidate));
            if (position.candidate.kind === 'new-position') {
              expect(position.status).toBe('AWAITING_START');
              expect(own).toEqual([]);
              continue;
            }
            expect(position.status).toBe('ACTIVE');
            expect(own.map((i) => i.year)).toEqual(
              Array.from({ length: position.years }, (_, i) => i + 1),
            );
            const startDate = position.startDate ?? '';
            expect(startDate.endsWith('-01')).toBe(true);
            expect(startDate > osloDateOf(decidedAt)).toBe(true);
            for (const instalment of own) {
              expect(Number.isSafeInteger(instalment.net)).toBe(true);
              expect(instalment.net).toBe(instalment.grant - instalment.egenandel);
              expect(instalment.net).toBeGreaterThanOrEqual(0);
              expect(instalment.dueDate.slice(4)).toBe(startDate.slice(4));
            }
          }
        },
      ),
    );
  });
});

describe('positions', () => {
  it('moves a position along the contract and nowhere else', () => {
    const allowed: [PositionStatus, PositionStatus][] = [
      ['AWAITING_START', 'ACTIVE'],
      ['AWAITING_START', 'LAPSED'],
      // Declined by the municipality before its doctor started.
      ['AWAITING_START', 'ENDED'],
      ['ACTIVE', 'COMPLETED'],
      ['ACTIVE', 'ENDED'],
    ];
    for (const from of POSITION_STATUSES) {
      for (const to of POSITION_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect(canMovePosition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('derives the grant from its positions', () => {
    const of = (...statuses: PositionStatus[]) =>
      grantStatusOf(statuses.map((status) => ({ status })));
    expect(of('ACTIVE', 'ENDED')).toBe('ACTIVE');
    expect(of('AWAITING_START', 'COMPLETED')).toBe('ACTIVE');
    expect(of('COMPLETED', 'COMPLETED')).toBe('COMPLETED');
    expect(of('COMPLETED', 'LAPSED')).toBe('COMPLETED');
    expect(of('COMPLETED', 'ENDED')).toBe('ENDED');
    expect(of('ENDED', 'LAPSED')).toBe('ENDED');
    expect(of('LAPSED')).toBe('ENDED');
  });

  it('keeps the grant active exactly while a position runs or waits (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...POSITION_STATUSES), { minLength: 1 }), (statuses) => {
        const status = grantStatusOf(statuses.map((s) => ({ status: s })));
        const running = statuses.some((s) => s === 'ACTIVE' || s === 'AWAITING_START');
        expect(status === 'ACTIVE').toBe(running);
        if (statuses.every((s) => s === 'COMPLETED')) expect(status).toBe('COMPLETED');
        if (!running && statuses.includes('ENDED')) expect(status).toBe('ENDED');
      }),
    );
  });

  it('lapses a new position 12 months after the decision, reminded a month before', () => {
    const decidedAt = new Date('2027-01-31T10:00:00Z');
    expect(osloDateOf(positionLapsesAt(decidedAt, nord))).toBe('2028-01-31');
    expect(isOsloMidnight(positionLapsesAt(decidedAt, nord))).toBe(true);
    expect(osloDateOf(positionLapseReminderAt(decidedAt, nord))).toBe('2027-12-31');
    const patient = { ...nord, positions: { lapseAfterMonths: 18, lapseReminderMonthsBefore: 2 } };
    expect(osloDateOf(positionLapsesAt(decidedAt, patient))).toBe('2028-07-31');
    expect(osloDateOf(positionLapseReminderAt(decidedAt, patient))).toBe('2028-05-31');
  });

  it('takes a start report on or after the decision and not in the future', () => {
    const bounds = { programme: vest, decidedOn: '2027-02-10', today: '2027-05-20' };
    const report = { startDate: '2027-05-01', employmentModel: 'salaried', listSize: '600' };
    expect(parseStartReport(report, bounds)).toEqual({
      ok: true,
      value: { startDate: '2027-05-01', employmentModel: 'salaried', listSize: 600 },
    });
    const codes = (input: unknown) => {
      const parsed = parseStartReport(input, bounds);
      return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}:${e.code}`);
    };
    expect(codes({ ...report, startDate: '2027-02-09' })).toEqual(['startDate:before-decision']);
    expect(codes({ ...report, startDate: '2027-05-21' })).toEqual(['startDate:in-future']);
    expect(codes({ ...report, startDate: '2027-02-30' })).toEqual(['startDate:invalid-date']);
    // ALIS-Vest has salaried positions only.
    expect(codes({ ...report, employmentModel: 'self-employed' })).toEqual([
      'employmentModel:required',
    ]);
    expect(codes(null)).toEqual([
      'startDate:required',
      'employmentModel:required',
      'listSize:required',
    ]);
    expect(codes({ ...report, listSize: 5001, startDate: [] })).toEqual([
      'startDate:required',
      'listSize:out-of-range',
    ]);
  });

  it('takes one answer for each position a confirmation asks about', () => {
    const on = { status: 'continuing', employmentModel: 'salaried', listSize: 700 };
    const off = { status: 'ended', endDate: '2028-04-30' };
    const parsed = parseConfirmations(
      {
        positions: [
          { position: 2, ...off },
          { position: 1, ...on },
        ],
      },
      [1, 2],
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        { position: 2, confirmation: { status: 'ended', endDate: '2028-04-30' } },
        {
          position: 1,
          confirmation: { status: 'continuing', employmentModel: 'salaried', listSize: 700 },
        },
      ],
    });
    // The single-position form answers for every position asked.
    expect(parseConfirmations(on, [3])).toMatchObject({ ok: true, value: [{ position: 3 }] });
    const codes = (input: unknown) => {
      const result = parseConfirmations(input, [1, 2]);
      return result.ok ? [] : result.errors.map((e) => `${e.path}:${e.code}`);
    };
    expect(codes({ positions: [{ position: 1, ...on }] })).toEqual([
      'positions:positions-mismatch',
    ]);
    expect(
      codes({
        positions: [
          { position: 1, ...on },
          { position: 1, ...on },
        ],
      }),
    ).toEqual(['positions:positions-mismatch']);
    expect(codes({ positions: [{ position: 3, ...on }, { position: 1 }] })).toEqual([
      'positions.0.position:unknown-position',
      'positions.1.status:required',
    ]);
    expect(codes({ positions: 'all' })).toEqual(['positions:positions-mismatch']);
  });
});

describe('statuses', () => {
  it('moves an instalment along the contract and nowhere else', () => {
    const allowed: [InstalmentStatus, InstalmentStatus][] = [
      ['SCHEDULED', 'AWAITING_CONFIRMATION'],
      ['SCHEDULED', 'READY'],
      ['AWAITING_CONFIRMATION', 'HELD'],
      ['AWAITING_CONFIRMATION', 'READY'],
      ['HELD', 'READY'],
      ['READY', 'NOTIFIED'],
      ['NOTIFIED', 'PAID'],
      ['SCHEDULED', 'CANCELLED'],
      ['AWAITING_CONFIRMATION', 'CANCELLED'],
      ['HELD', 'CANCELLED'],
      ['READY', 'CANCELLED'],
    ];
    for (const from of INSTALMENT_STATUSES) {
      for (const to of INSTALMENT_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect(canMoveInstalment(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('ends a grant once, as completed or ended', () => {
    expect(canMoveGrant('ACTIVE', 'COMPLETED')).toBe(true);
    expect(canMoveGrant('ACTIVE', 'ENDED')).toBe(true);
    for (const to of GRANT_STATUSES) {
      expect(canMoveGrant('COMPLETED', to)).toBe(false);
      expect(canMoveGrant('ENDED', to)).toBe(false);
    }
  });
});

describe('ending a grant', () => {
  const plan = planGrant({
    programme: nord,
    decidedAt: new Date('2027-01-10T10:00:00Z'),
    candidates: [{ kind: 'employed-doctor', monthsCompleted: 0 }],
    approved: 1,
    yearlyAmountPerPosition: 200_000,
    employmentModel: 'salaried',
  });

  it('cancels the instalments due after the end date', () => {
    // Due on 1 February each year from 2027.
    expect(instalmentsToCancel(plan, '2029-01-31').map((i) => i.year)).toEqual([3, 4, 5]);
    expect(instalmentsToCancel(plan, '2028-02-29').map((i) => i.year)).toEqual([3, 4, 5]);
    // Due on the end date itself: the position was still held that day.
    expect(instalmentsToCancel(plan, '2029-02-01').map((i) => i.year)).toEqual([4, 5]);
    expect(instalmentsToCancel(plan, '2031-02-01')).toEqual([]);
  });

  it('leaves an instalment finance has been told of', () => {
    const stored = plan.instalments.map((i, index) => ({
      ...i,
      status: (['PAID', 'NOTIFIED', 'READY', 'SCHEDULED', 'SCHEDULED'] as const)[index],
    }));
    expect(instalmentsToCancel({ instalments: stored }, '2027-06-01').map((i) => i.year)).toEqual([
      3, 4, 5,
    ]);
  });
});

describe('yearly timers', () => {
  const createdAt = new Date('2027-02-10T10:00:00Z');

  it('starts year 1 at once and later years 30 days before they are due', () => {
    expect(paymentWorkflowStartsAt({ year: 1, dueDate: '2027-03-01' }, vest, createdAt)).toBe(
      createdAt,
    );
    expect(
      paymentWorkflowStartsAt({ year: 2, dueDate: '2028-03-01' }, vest, createdAt).toISOString(),
    ).toBe('2028-01-30T23:00:00.000Z'); // 30 days before 1 March in a leap year: 31 January
  });

  it('lands on Oslo midnight across the change to summer time', () => {
    // Summer time starts on 28 March 2027.
    const due = '2027-04-01';
    expect(paymentWorkflowStartsAt({ year: 2, dueDate: due }, nord, createdAt).toISOString()).toBe(
      '2027-03-01T23:00:00.000Z',
    );
    expect(confirmationReminderAt(due, nord).toISOString()).toBe('2027-03-17T23:00:00.000Z');
    expect(instalmentHeldAt(due).toISOString()).toBe('2027-03-31T22:00:00.000Z');
    expect(unconfirmedGrantEndsAt(due, nord).toISOString()).toBe('2027-06-29T22:00:00.000Z');
  });

  it('lands on Oslo midnight across the change back to winter time', () => {
    // Summer time ends on 31 October 2027.
    const due = '2027-11-01';
    expect(paymentWorkflowStartsAt({ year: 3, dueDate: due }, nord, createdAt).toISOString()).toBe(
      '2027-10-01T22:00:00.000Z',
    );
    expect(confirmationReminderAt(due, nord).toISOString()).toBe('2027-10-17T22:00:00.000Z');
    expect(instalmentHeldAt(due).toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(unconfirmedGrantEndsAt(due, nord).toISOString()).toBe('2028-01-29T23:00:00.000Z'); // 30 January
  });

  it('follows the programme’s configured wait before ending an unconfirmed grant', () => {
    const patient = { ...nord, payments: { ...nord.payments, endUnconfirmedDaysAfterDue: 120 } };
    expect(osloDateOf(unconfirmedGrantEndsAt('2028-03-01', patient))).toBe('2028-06-29');
  });

  it('reminds finance 14 Oslo days after the notification', () => {
    expect(financeReminderAt(new Date('2027-10-20T04:00:00Z'), vest).toISOString()).toBe(
      '2027-11-02T23:00:00.000Z',
    );
  });

  it('puts every timer at the start of an Oslo day, in the order of the year', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.constantFrom(nord, vest),
        (day, programme) => {
          const due = day.toISOString().slice(0, 10);
          const times = [
            paymentWorkflowStartsAt({ year: 2, dueDate: due }, programme, createdAt),
            confirmationReminderAt(due, programme),
            instalmentHeldAt(due),
            unconfirmedGrantEndsAt(due, programme),
          ];
          expect(times.every(isOsloMidnight)).toBe(true);
          expect(osloDateOf(instalmentHeldAt(due))).toBe(due);
          expect([...times].sort((a, b) => a.getTime() - b.getTime())).toEqual(times);
        },
      ),
    );
  });
});

describe('the yearly amount', () => {
  it('defaults to the programme’s maximum', () => {
    for (const empty of [undefined, null, '', '  ']) {
      expect(parseYearlyAmount(empty, vest)).toEqual({ ok: true, value: 200_000 });
    }
  });

  it('takes whole kroner from a form or from JSON', () => {
    expect(parseYearlyAmount('150000', vest)).toEqual({ ok: true, value: 150_000 });
    expect(parseYearlyAmount('150 000', vest)).toEqual({ ok: true, value: 150_000 });
    expect(parseYearlyAmount(150_000, vest)).toEqual({ ok: true, value: 150_000 });
  });

  it('keeps ALIS-Vest between the egenandel and the maximum', () => {
    expect(parseYearlyAmount(50_000, vest)).toEqual({ ok: true, value: 50_000 });
    expect(parseYearlyAmount(200_000, vest)).toEqual({ ok: true, value: 200_000 });
    expect(parseYearlyAmount(49_999, vest)).toMatchObject({
      ok: false,
      errors: [{ path: 'yearlyAmount', code: 'too-small' }],
    });
    expect(parseYearlyAmount(200_001, vest)).toMatchObject({
      ok: false,
      errors: [{ path: 'yearlyAmount', code: 'too-large' }],
    });
  });

  it('refuses nothing at all for ALIS-Nord, whose egenandel is 0', () => {
    expect(parseYearlyAmount(0, nord)).toMatchObject({
      ok: false,
      errors: [{ code: 'too-small' }],
    });
    expect(parseYearlyAmount(-10, nord)).toMatchObject({
      ok: false,
      errors: [{ code: 'too-small' }],
    });
  });

  it.each([
    ['150000.50', 'not-whole-kroner'],
    [150_000.5, 'not-whole-kroner'],
    ['150 000 kr', 'invalid'],
    ['abc', 'invalid'],
    [true, 'invalid'],
    [[150_000], 'invalid'],
    [{}, 'invalid'],
    [Number.NaN, 'invalid'],
  ])('refuses %j with %s', (value, code) => {
    const result = parseYearlyAmount(value, vest);
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'yearlyAmount', code }] });
  });

  it('never throws, and what it accepts nets at least zero every year', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), fc.constantFrom(nord, vest), (v, p) => {
        const result = parseYearlyAmount(v, p);
        if (result.ok) {
          expect(Number.isSafeInteger(result.value)).toBe(true);
          expect(result.value).toBeGreaterThanOrEqual(p.municipalSharePerPositionPerYear);
          expect(result.value).toBeLessThanOrEqual(p.grantPerPositionPerYear);
        } else {
          expect(result.errors[0]?.message).toMatch(/\S/);
        }
      }),
    );
  });
});

describe('the yearly confirmation', () => {
  it('accepts a continuing position with employment model and list size', () => {
    expect(
      parseConfirmation({ status: 'continuing', employmentModel: 'salaried', listSize: '1200' }),
    ).toEqual({
      ok: true,
      value: { status: 'continuing', employmentModel: 'salaried', listSize: 1200 },
    });
    expect(
      parseConfirmation({ status: 'continuing', employmentModel: 'self-employed', listSize: 0 }),
    ).toMatchObject({ ok: true, value: { listSize: 0 } });
  });

  it('accepts an ended position with a real date, 29 February only in a leap year', () => {
    expect(parseConfirmation({ status: 'ended', endDate: '2028-02-29' })).toEqual({
      ok: true,
      value: { status: 'ended', endDate: '2028-02-29' },
    });
    expect(parseConfirmation({ status: 'ended', endDate: '2027-02-29' })).toMatchObject({
      ok: false,
      errors: [{ path: 'endDate', code: 'invalid-date' }],
    });
    expect(parseConfirmation({ status: 'ended' })).toMatchObject({
      ok: false,
      errors: [{ path: 'endDate', code: 'required' }],
    });
  });

  it('names every missing or bad field', () => {
    expect(parseConfirmation({})).toMatchObject({ ok: false, errors: [{ path: 'status' }] });
    expect(parseConfirmation({ status: 'paused' })).toMatchObject({
      ok: false,
      errors: [{ path: 'status' }],
    });
    const bad = parseConfirmation({ status: 'continuing', employmentModel: 'x', listSize: 5001 });
    expect(bad).toMatchObject({
      ok: false,
      errors: [
        { path: 'employmentModel', code: 'required' },
        { path: 'listSize', code: 'out-of-range' },
      ],
    });
    expect(
      parseConfirmation({ status: 'continuing', employmentModel: 'salaried', listSize: -1 }),
    ).toMatchObject({ ok: false, errors: [{ path: 'listSize', code: 'out-of-range' }] });
    expect(
      parseConfirmation({ status: 'continuing', employmentModel: 'salaried', listSize: 12.5 }),
    ).toMatchObject({ ok: false, errors: [{ path: 'listSize', code: 'invalid' }] });
    expect(parseConfirmation({ status: 'continuing', employmentModel: 'salaried' })).toMatchObject({
      ok: false,
      errors: [{ path: 'listSize', code: 'required' }],
    });
  });

  it('never throws on any JSON, and every error has a path, a code and a message', () => {
    const field = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('continuing', 'ended', 'salaried', 'self-employed', '2028-02-29', '5000'),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record(
            { status: field, employmentModel: field, listSize: field, endDate: field },
            { requiredKeys: [] },
          ),
        ),
        (input) => {
          const result = parseConfirmation(input);
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const error of result.errors) {
              expect(error.path).toMatch(/^(status|employmentModel|listSize|endDate)$/);
              expect(error.code).toMatch(/\S/);
              expect(error.message).toMatch(/\S/);
            }
          }
        },
      ),
    );
  });
});

describe('the payment record', () => {
  const ids = ['AN-2027-AAAAAAAA#1', 'AN-2027-BBBBBBBB#2'];
  const today = '2028-03-15';
  const notifiedOn = '2028-02-01';

  it('marks every instalment of the notification when none are chosen', () => {
    expect(parsePaymentRecord({ paidOn: '2028-03-15' }, ids, today, notifiedOn)).toEqual({
      ok: true,
      value: { paidOn: '2028-03-15', instalmentIds: ids },
    });
  });

  it('marks the chosen ones, one or repeated', () => {
    expect(
      parsePaymentRecord({ paidOn: '2028-02-29', instalment: ids[1] }, ids, today, notifiedOn),
    ).toEqual({
      ok: true,
      value: { paidOn: '2028-02-29', instalmentIds: [ids[1]] },
    });
    expect(
      parsePaymentRecord(
        { paidOn: '2028-03-01', instalment: [ids[0], ids[0]] },
        ids,
        today,
        notifiedOn,
      ),
    ).toMatchObject({ ok: true, value: { instalmentIds: [ids[0]] } });
  });

  it('refuses a date in the future, a date that does not exist, and a missing one', () => {
    expect(parsePaymentRecord({ paidOn: '2028-03-16' }, ids, today, notifiedOn)).toMatchObject({
      ok: false,
      errors: [{ path: 'paidOn', code: 'in-future' }],
    });
    expect(parsePaymentRecord({ paidOn: '2027-02-29' }, ids, today, notifiedOn)).toMatchObject({
      ok: false,
      errors: [{ path: 'paidOn', code: 'invalid-date' }],
    });
    expect(parsePaymentRecord({}, ids, today, notifiedOn)).toMatchObject({
      ok: false,
      errors: [{ path: 'paidOn', code: 'required' }],
    });
  });

  it('refuses a date before the notification was written', () => {
    expect(parsePaymentRecord({ paidOn: '2028-01-31' }, ids, today, notifiedOn)).toMatchObject({
      ok: false,
      errors: [{ path: 'paidOn', code: 'before-notification' }],
    });
    expect(parsePaymentRecord({ paidOn: '1900-01-01' }, ids, today, notifiedOn)).toMatchObject({
      ok: false,
      errors: [{ path: 'paidOn', code: 'before-notification' }],
    });
    expect(parsePaymentRecord({ paidOn: notifiedOn }, ids, today, notifiedOn)).toMatchObject({
      ok: true,
    });
  });

  it('refuses an empty or null list of instalments: only a missing field means all', () => {
    for (const instalment of [[], null, '', [''], [null]]) {
      expect(
        parsePaymentRecord({ paidOn: '2028-03-01', instalment }, ids, today, notifiedOn),
      ).toMatchObject({ ok: false, errors: [{ path: 'instalment', code: 'empty' }] });
    }
  });

  it('refuses an instalment that is not the notification’s', () => {
    expect(
      parsePaymentRecord(
        { paidOn: '2028-03-01', instalment: 'AV-2027-CCCCCCCC#1' },
        ids,
        today,
        notifiedOn,
      ),
    ).toMatchObject({ ok: false, errors: [{ path: 'instalment', code: 'not-in-notification' }] });
    expect(
      parsePaymentRecord({ paidOn: '2028-03-01', instalment: [1] }, ids, today, notifiedOn),
    ).toMatchObject({ ok: false, errors: [{ path: 'instalment', code: 'invalid' }] });
  });

  it('never throws on any JSON, and marks only the notification’s instalments', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constantFrom(...ids, '2028-03-01'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record(
            { paidOn: field, instalment: fc.oneof(field, fc.array(field)) },
            { requiredKeys: [] },
          ),
        ),
        (input) => {
          const result = parsePaymentRecord(input, ids, today, notifiedOn);
          if (result.ok) {
            expect(result.value.paidOn <= today).toBe(true);
            expect(result.value.paidOn >= notifiedOn).toBe(true);
            expect(result.value.instalmentIds.every((id) => ids.includes(id))).toBe(true);
          } else {
            expect(result.errors.every((e) => e.message.length > 0)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('positionOf', () => {
  it('keeps the position and drops whatever else a stored item holds', () => {
    const stored = {
      pk: 'APP#AN-2026-AAAAAAAA',
      sk: 'POSITION#002',
      gsi1pk: 'TIMER',
      timerStage: 'remind',
      position: 2,
      candidate: { kind: 'new-position' as const },
      status: 'ACTIVE' as const,
      startDate: '2027-03-01',
      years: 5,
      employmentModel: 'salaried' as const,
      listSize: 0,
    };
    expect(positionOf(stored)).toEqual({
      position: 2,
      candidate: { kind: 'new-position' },
      status: 'ACTIVE',
      startDate: '2027-03-01',
      years: 5,
      employmentModel: 'salaried',
      listSize: 0,
    });
    expect(
      positionOf({ position: 3, candidate: { kind: 'new-position' }, status: 'LAPSED', years: 5 }),
    ).toEqual({ position: 3, candidate: { kind: 'new-position' }, status: 'LAPSED', years: 5 });
  });
});
