// Item kinds, and transaction parts whose conditions keep the table right, through the table fake
// (test/integration/store-conditions.test.ts has every condition against DynamoDB Local).

import { describe, expect, it } from 'vitest';
import { takeRoundPositionsPart } from '../../../shared/store/capacity.js';
import { itemKind, keys } from '../../../shared/store/items.js';
import { beginTimerStagePart } from '../../../shared/store/review-rounds.js';
import { transact } from '../../../shared/store/table.js';
import { fakeTable } from '../../support/table-fake.js';

describe('itemKind', () => {
  it('tells every family apart by its key', () => {
    expect(itemKind(keys.application('A'))).toBe('application');
    expect(itemKind(keys.reviewRound('A', 2))).toBe('review-round');
    expect(itemKind(keys.changeRequest('A', 2))).toBe('change-request');
    expect(itemKind(keys.notice('A', 'received'))).toBe('notice');
    expect(itemKind(keys.link('h'))).toBe('link');
    expect(itemKind(keys.municipalityCapacity('r', '5607'))).toBe('capacity');
    expect(itemKind({ sk: 'SOMETHING#NEW' })).toBeUndefined();
  });
});

describe('takeRoundPositionsPart', () => {
  const key = keys.roundCapacity('alis-nord-2027');
  const take = () => transact({ round: takeRoundPositionsPart('alis-nord-2027', 3, 20) });

  it('takes the positions while held + positions <= limit, counting from none', async () => {
    const table = fakeTable([], { applyTransactions: true });
    await expect(take()).resolves.toEqual({ ok: true });
    expect(table.get(`${key.pk}|${key.sk}`)).toMatchObject({ approvedPositions: 3 });
    fakeTable([{ ...key, approvedPositions: 17 }], { applyTransactions: true });
    await expect(take()).resolves.toEqual({ ok: true });
  });

  it('refuses positions past the limit', async () => {
    const table = fakeTable([{ ...key, approvedPositions: 18 }], { applyTransactions: true });
    await expect(take()).resolves.toEqual({ ok: false, failed: ['round'] });
    expect(table.get(`${key.pk}|${key.sk}`)).toMatchObject({ approvedPositions: 18 });
  });
});

describe('beginTimerStagePart', () => {
  const key = keys.reviewRound('A', 1);
  const due = {
    ...key,
    status: 'OPEN',
    timerStage: 'reminder',
    gsi1pk: 'TIMER',
    gsi1sk: '2026-12-08T05:00:00.000Z#x',
    notified: ['fagrad1@alis-nord.example.no'],
  };
  const begin = () =>
    transact({
      round: beginTimerStagePart(
        { ...key, gsi1sk: due.gsi1sk },
        {
          stage: 'reminder',
          next: { stage: 'escalation', dueAt: new Date('2026-12-15T05:00:00Z') },
          windowStart: new Date('2026-12-01T10:00:00Z'),
          windowEnd: new Date('2026-12-31T23:00:00Z'),
          resetNotified: true,
        },
      ),
    });

  it('begins the mailing of the stage the daily run saw, leaving its timer due', async () => {
    const table = fakeTable([due], { applyTransactions: true });
    await expect(begin()).resolves.toEqual({ ok: true });
    expect(table.get(`${key.pk}|${key.sk}`)).toEqual({
      ...due,
      notified: [],
      mailingStage: 'reminder',
      mailingNext: { stage: 'escalation', dueAt: '2026-12-15T05:00:00.000Z' },
      windowStart: '2026-12-01T10:00:00.000Z',
      windowEnd: '2026-12-31T23:00:00.000Z',
    });
  });

  it.each([
    ['another stage', { timerStage: 'escalation' }],
    ['a timer moved since', { gsi1sk: '2026-12-09T05:00:00.000Z#x' }],
    ['a decided round', { status: 'DECIDED' }],
    ['a mailing already begun', { mailingStage: 'reminder' }],
  ])('refuses %s', async (_, change) => {
    const table = fakeTable([{ ...due, ...change }], { applyTransactions: true });
    await expect(begin()).resolves.toEqual({ ok: false, failed: ['round'] });
    expect(table.get(`${key.pk}|${key.sk}`)).toEqual({ ...due, ...change });
  });
});
