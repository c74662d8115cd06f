// Every status the store writes for a grant, a position, an instalment or an application following its grant,
// tried from every status there is, through the strict table fake: the write succeeds exactly when
// the domain's move table allows the move. A hand-written condition that lets a forbidden move
// through (or refuses an allowed one) fails here.

import { describe, expect, it } from 'vitest';
import {
  GRANT_MOVES,
  GRANT_STATUSES,
  INSTALMENT_MOVES,
  INSTALMENT_STATUSES,
  POSITION_MOVES,
  POSITION_STATUSES,
  type GrantStatus,
  type InstalmentStatus,
  type PositionStatus,
} from '../../../shared/domain/grant.js';
import { canMove } from '../../../shared/domain/moves.js';
import {
  APPLICATION_GRANT_MOVES,
  APPLICATION_STATUSES,
  type ApplicationStatus,
} from '../../../shared/domain/review.js';
import { followGrantPart } from '../../../shared/store/applications.js';
import {
  claimForNotificationPart,
  completeGrantPart,
  completePositionPart,
  endGrantPart,
  endPositionPart,
  lapsePositionPart,
  makeInstalmentReady,
  markPaidPart,
  moveInstalment,
  reportPositionPart,
  startPositionPart,
} from '../../../shared/store/grants.js';
import { keys } from '../../../shared/store/items.js';
import { moveCondition } from '../../../shared/store/moves.js';
import { transact } from '../../../shared/store/table.js';
import { fakeTable } from '../../support/table-fake.js';

const NOW = new Date('2027-03-01T06:00:00Z');
const ID = 'AN-2026-AAAAAAAA';

async function written(part: Parameters<typeof transact>[0]): Promise<boolean> {
  return (await transact(part)).ok;
}

const INSTALMENT_WRITERS: Record<Exclude<InstalmentStatus, 'SCHEDULED'>, () => Promise<boolean>> = {
  AWAITING_CONFIRMATION: () =>
    moveInstalment({ applicationId: ID, position: 1, year: 2 }, 'AWAITING_CONFIRMATION', NOW),
  HELD: () => moveInstalment({ applicationId: ID, position: 1, year: 2 }, 'HELD', NOW),
  CANCELLED: () => moveInstalment({ applicationId: ID, position: 1, year: 2 }, 'CANCELLED', NOW),
  READY: () =>
    makeInstalmentReady(
      { applicationId: ID, position: 1, year: 2 },
      'alis-nord',
      'token',
      NOW,
      NOW,
    ),
  NOTIFIED: () =>
    written({
      claim: claimForNotificationPart({ applicationId: ID, position: 1, year: 2 }, 'N-1', NOW),
    }),
  PAID: () =>
    written({
      paid: markPaidPart({ applicationId: ID, position: 1, year: 2 }, 'N-1', '2027-03-01', NOW),
    }),
};

describe('instalment moves as the store writes them', () => {
  for (const from of INSTALMENT_STATUSES) {
    for (const [to, write] of Object.entries(INSTALMENT_WRITERS) as [
      InstalmentStatus,
      () => Promise<boolean>,
    ][]) {
      const allowed = canMove(INSTALMENT_MOVES, from, to);
      it(`${from} → ${to} is ${allowed ? 'written' : 'refused'}`, async () => {
        const key = keys.instalment({ applicationId: ID, position: 1, year: 2 });
        // PAID is paid from the notification that claimed it; a NOTIFIED item carries its id.
        const item = {
          ...key,
          status: from,
          ...(from === 'NOTIFIED' && { notificationId: 'N-1' }),
        };
        const table = fakeTable([item], { applyTransactions: true });
        await expect(write()).resolves.toBe(allowed);
        expect(table.get(`${key.pk}|${key.sk}`)?.status).toBe(allowed ? to : from);
      });
    }
  }
});

const GRANT_WRITERS: Record<Exclude<GrantStatus, 'ACTIVE'>, () => Promise<boolean>> = {
  ENDED: () => written({ grant: endGrantPart(ID, '2027-02-28', 'position-ended', NOW) }),
  COMPLETED: () => written({ grant: completeGrantPart(ID, NOW) }),
};

describe('grant moves as the store writes them', () => {
  for (const from of GRANT_STATUSES) {
    for (const [to, write] of Object.entries(GRANT_WRITERS) as [
      GrantStatus,
      () => Promise<boolean>,
    ][]) {
      const allowed = canMove(GRANT_MOVES, from, to);
      it(`${from} → ${to} is ${allowed ? 'written' : 'refused'}`, async () => {
        const key = keys.grant(ID);
        const table = fakeTable([{ ...key, status: from }], { applyTransactions: true });
        await expect(write()).resolves.toBe(allowed);
        expect(table.get(`${key.pk}|${key.sk}`)?.status).toBe(allowed ? to : from);
      });
    }
  }
});

const DUE = '2027-12-01T23:00:00.000Z#APP#x#POSITION#002';

const POSITION_WRITERS: Record<
  Exclude<PositionStatus, 'AWAITING_START'>,
  () => Promise<boolean>
> = {
  ACTIVE: () =>
    written({
      position: startPositionPart(
        ID,
        2,
        { startDate: '2027-03-01', employmentModel: 'salaried', listSize: 600, years: 5 },
        NOW,
      ),
    }),
  // The lapse is written at the timer the daily run saw.
  LAPSED: () =>
    written({ position: lapsePositionPart({ applicationId: ID, position: 2, gsi1sk: DUE }, NOW) }),
  ENDED: () => written({ position: endPositionPart(ID, 2, '2027-02-28', 'position-ended', NOW) }),
  COMPLETED: () => written({ position: completePositionPart(ID, 2, NOW) }),
};

describe('position moves as the store writes them', () => {
  for (const from of POSITION_STATUSES) {
    for (const [to, write] of Object.entries(POSITION_WRITERS) as [
      PositionStatus,
      () => Promise<boolean>,
    ][]) {
      const allowed = canMove(POSITION_MOVES, from, to);
      it(`${from} → ${to} is ${allowed ? 'written' : 'refused'}`, async () => {
        const key = keys.position(ID, 2);
        const table = fakeTable([{ ...key, status: from, gsi1pk: 'TIMER', gsi1sk: DUE }], {
          applyTransactions: true,
        });
        await expect(write()).resolves.toBe(allowed);
        expect(table.get(`${key.pk}|${key.sk}`)?.status).toBe(allowed ? to : from);
      });
    }
  }

  it('a confirmation’s facts change a running position’s model and list size, never its status', async () => {
    const key = keys.position(ID, 2);
    const table = fakeTable([{ ...key, status: 'ACTIVE', employmentModel: 'salaried' }], {
      applyTransactions: true,
    });
    const answer = { status: 'continuing', employmentModel: 'self-employed', listSize: 900 };
    await expect(written({ p: reportPositionPart(ID, 2, answer, NOW) })).resolves.toBe(true);
    expect(table.get(`${key.pk}|${key.sk}`)).toMatchObject({
      status: 'ACTIVE',
      employmentModel: 'self-employed',
      listSize: 900,
    });
  });

  it('every status a position may reach has a writer here', () => {
    const reachable = POSITION_STATUSES.filter((to) =>
      POSITION_STATUSES.some((from) => canMove(POSITION_MOVES, from, to)),
    );
    expect(Object.keys(POSITION_WRITERS).sort()).toEqual([...reachable].sort());
  });
});

describe('an application following its grant', () => {
  for (const from of APPLICATION_STATUSES) {
    for (const to of ['ACTIVE', 'ENDED', 'COMPLETED'] as const) {
      const allowed = canMove(APPLICATION_GRANT_MOVES, from, to as ApplicationStatus);
      it(`${from} → ${to} is ${allowed ? 'written' : 'refused'}`, async () => {
        const key = keys.application(ID);
        const table = fakeTable([{ ...key, status: from }], { applyTransactions: true });
        await expect(written({ app: followGrantPart(ID, to, NOW) })).resolves.toBe(allowed);
        expect(table.get(`${key.pk}|${key.sk}`)?.status).toBe(allowed ? to : from);
      });
    }
  }
});

describe('moveCondition', () => {
  it('lists exactly the statuses the table allows the move from', () => {
    expect(moveCondition(INSTALMENT_MOVES, 'CANCELLED')).toEqual({
      condition: '#status IN (:from0, :from1, :from2, :from3)',
      names: { '#status': 'status' },
      values: {
        ':from0': 'SCHEDULED',
        ':from1': 'AWAITING_CONFIRMATION',
        ':from2': 'HELD',
        ':from3': 'READY',
      },
    });
  });

  it('refuses a move the table allows from nowhere', () => {
    expect(() => moveCondition(INSTALMENT_MOVES, 'SCHEDULED')).toThrow(/SCHEDULED/);
  });
});
