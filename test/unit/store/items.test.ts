// Item kinds and the transaction parts whose conditions keep the table right.

import { describe, expect, it } from 'vitest';
import { takeRoundPositionsPart } from '../../../shared/store/capacity.js';
import { itemKind, keys } from '../../../shared/store/items.js';
import { beginTimerStagePart } from '../../../shared/store/review-rounds.js';

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
  it('allows the positions only while held <= limit - positions', () => {
    const part = takeRoundPositionsPart('alis-nord-2027', 3, 20);
    expect(part.Update).toMatchObject({
      Key: { pk: 'ROUND#alis-nord-2027', sk: 'CAPACITY' },
      ConditionExpression:
        'attribute_not_exists(approvedPositions) OR approvedPositions <= :highest',
      ExpressionAttributeValues: { ':positions': 3, ':highest': 17 },
    });
  });
});

describe('beginTimerStagePart', () => {
  it('begins only the stage and due time the daily run saw, of an open round, leaving its timer due', () => {
    const round = { ...keys.reviewRound('A', 1), gsi1sk: '2026-12-08T05:00:00.000Z#x' };
    const part = beginTimerStagePart(round, {
      stage: 'reminder',
      next: { stage: 'escalation', dueAt: new Date('2026-12-15T05:00:00Z') },
      windowStart: new Date('2026-12-01T10:00:00Z'),
      windowEnd: new Date('2026-12-31T23:00:00Z'),
      resetNotified: true,
    });
    expect(part.Update!.ConditionExpression).toBe(
      'timerStage = :stage AND gsi1sk = :due AND #status = :open AND attribute_not_exists(mailingStage)',
    );
    expect(part.Update!.ExpressionAttributeValues).toMatchObject({
      ':stage': 'reminder',
      ':due': round.gsi1sk,
      ':open': 'OPEN',
    });
    expect(Object.values(part.Update!.ExpressionAttributeValues!)).toContainEqual([]);
    // The timer itself is not moved until the mailing is done.
    expect(Object.values(part.Update!.ExpressionAttributeNames!)).not.toContain('gsi1sk');
    expect(Object.values(part.Update!.ExpressionAttributeValues!)).toContainEqual({
      stage: 'escalation',
      dueAt: '2026-12-15T05:00:00.000Z',
    });
  });
});
