import { describe, expect, it } from 'vitest';
import { isConcluded } from '../../../shared/domain/concluded.js';
import type { POSITION_STATUSES } from '../../../shared/domain/grant.js';
import { APPLICATION_STATUSES } from '../../../shared/domain/review.js';

const positions = (...statuses: (typeof POSITION_STATUSES)[number][]) =>
  statuses.map((status) => ({ status }));

describe('a concluded case', () => {
  it('is a rejected or withdrawn application, whatever else is stored', () => {
    expect(isConcluded('REJECTED', [])).toBe(true);
    expect(isConcluded('WITHDRAWN', [])).toBe(true);
  });

  it('is a grant whose every position has ended, completed or lapsed', () => {
    expect(isConcluded('ENDED', positions('ENDED', 'LAPSED'))).toBe(true);
    expect(isConcluded('COMPLETED', positions('COMPLETED', 'COMPLETED'))).toBe(true);
    expect(isConcluded('ACTIVE', positions('COMPLETED', 'LAPSED'))).toBe(true);
  });

  it('is not a grant with a position running or awaiting its doctor, nor one without positions', () => {
    expect(isConcluded('ACTIVE', positions('COMPLETED', 'ACTIVE'))).toBe(false);
    expect(isConcluded('APPROVED', positions('AWAITING_START'))).toBe(false);
    expect(isConcluded('APPROVED', [])).toBe(false);
  });

  it('is never an application still under way', () => {
    const underWay = APPLICATION_STATUSES.filter(
      (s) => !['REJECTED', 'WITHDRAWN', 'APPROVED', 'ACTIVE', 'COMPLETED', 'ENDED'].includes(s),
    );
    expect(underWay.length).toBeGreaterThan(0);
    for (const status of underWay) {
      expect(isConcluded(status, positions('COMPLETED')), status).toBe(false);
    }
  });
});
