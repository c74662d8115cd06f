// The decline rules: what the body may say, and which positions may go, before any payment.

import { describe, expect, it } from 'vitest';
import { isDeclinable, parseDecline, planDecline } from '../../../shared/domain/decline.js';
import type { InstalmentStatus, PositionStatus } from '../../../shared/domain/grant.js';

const position = (n: number, status: PositionStatus, endReason?: 'declined' | 'unconfirmed') => ({
  position: n,
  status,
  ...(endReason && { endReason }),
});
const year = (n: number, y: number, status: InstalmentStatus) => ({
  position: n,
  year: y,
  status,
});

describe('parseDecline', () => {
  it('takes confirm: true, with or without a position (a number or its digits)', () => {
    expect(parseDecline({ confirm: true })).toEqual({ ok: true, value: {} });
    expect(parseDecline({ confirm: true, position: 2 })).toEqual({
      ok: true,
      value: { position: 2 },
    });
    expect(parseDecline({ confirm: true, position: ' 2 ' })).toEqual({
      ok: true,
      value: { position: 2 },
    });
    expect(parseDecline({ confirm: true, position: null })).toEqual({ ok: true, value: {} });
  });

  it('refuses a body that is not an object, at the root', () => {
    for (const body of [null, [], 'ja', 1, true]) {
      const parsed = parseDecline(body);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.errors).toEqual([expect.objectContaining({ path: '' })]);
    }
  });

  it('asks for the confirmation, and says what is wrong with each field at once', () => {
    const parsed = parseDecline({ confirm: 'true', position: 1.5 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.path, e.code])).toEqual([
      ['confirm', 'invalid-type'],
      ['position', 'invalid'],
    ]);
    const missing = parseDecline({ position: [1] });
    expect(missing.ok || missing.errors.map((e) => [e.path, e.code])).toEqual([
      ['confirm', 'required'],
      ['position', 'invalid-type'],
    ]);
    for (const error of [...parsed.errors, ...(missing.ok ? [] : missing.errors)]) {
      expect(error.message).toMatch(/[a-zæøå]/);
    }
  });

  it('refuses positions out of range', () => {
    for (const p of [0, -1, 100, '0', '1000']) {
      expect(parseDecline({ confirm: true, position: p }).ok, String(p)).toBe(false);
    }
  });
});

describe('isDeclinable', () => {
  it('a waiting or running position with nothing sent to finance', () => {
    expect(isDeclinable(position(1, 'AWAITING_START'), [])).toBe(true);
    expect(
      isDeclinable(position(1, 'ACTIVE'), [year(1, 1, 'READY'), year(1, 2, 'SCHEDULED')]),
    ).toBe(true);
    expect(isDeclinable(position(1, 'ACTIVE'), [year(1, 1, 'NOTIFIED')])).toBe(false);
    expect(isDeclinable(position(1, 'ACTIVE'), [year(1, 1, 'PAID')])).toBe(false);
    // Another position's payment does not count.
    expect(isDeclinable(position(2, 'ACTIVE'), [year(1, 1, 'PAID')])).toBe(true);
    for (const status of ['ENDED', 'COMPLETED', 'LAPSED'] as const) {
      expect(isDeclinable(position(1, status), [])).toBe(false);
    }
  });
});

describe('planDecline', () => {
  const two = [position(1, 'ACTIVE'), position(2, 'AWAITING_START')];

  it('declines the position asked for', () => {
    expect(planDecline({ request: { position: 2 }, positions: two, instalments: [] })).toEqual({
      ok: true,
      positions: [2],
    });
  });

  it('without a position, every position not yet under way to be paid', () => {
    expect(planDecline({ request: {}, positions: two, instalments: [] })).toEqual({
      ok: true,
      positions: [1, 2],
    });
    expect(
      planDecline({ request: {}, positions: two, instalments: [year(1, 1, 'NOTIFIED')] }),
    ).toEqual({ ok: true, positions: [2] });
  });

  it('a position the grant does not have is a 400 on the field', () => {
    const plan = planDecline({ request: { position: 3 }, positions: two, instalments: [] });
    expect(plan).toMatchObject({
      ok: false,
      status: 400,
      error: { path: 'position', code: 'unknown-position' },
    });
  });

  it('a payment under way is a 409 saying so', () => {
    const plan = planDecline({
      request: { position: 1 },
      positions: two,
      instalments: [year(1, 1, 'PAID')],
    });
    expect(plan).toMatchObject({ ok: false, status: 409, error: { code: 'payment-started' } });
    if (!plan.ok) expect(plan.error.message).toContain('stilling 1');
    const whole = planDecline({
      request: {},
      positions: [position(1, 'ACTIVE')],
      instalments: [year(1, 1, 'NOTIFIED')],
    });
    expect(whole).toMatchObject({ ok: false, status: 409, error: { code: 'payment-started' } });
  });

  it('a repeat is a 409 already-declined, for the position and for the whole grant', () => {
    const declined = [position(1, 'ENDED', 'declined'), position(2, 'ENDED', 'declined')];
    expect(
      planDecline({ request: { position: 1 }, positions: declined, instalments: [] }),
    ).toMatchObject({ ok: false, status: 409, error: { code: 'already-declined' } });
    expect(planDecline({ request: {}, positions: declined, instalments: [] })).toMatchObject({
      ok: false,
      status: 409,
      error: { code: 'already-declined' },
    });
  });

  it('a grant that ended otherwise has nothing to decline', () => {
    const over = [position(1, 'LAPSED'), position(2, 'ENDED', 'unconfirmed')];
    expect(planDecline({ request: {}, positions: over, instalments: [] })).toMatchObject({
      ok: false,
      status: 409,
      error: { code: 'grant-over' },
    });
    expect(
      planDecline({ request: { position: 1 }, positions: over, instalments: [] }),
    ).toMatchObject({ ok: false, status: 409, error: { code: 'position-over' } });
  });
});
