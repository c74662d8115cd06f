// A property of finance notifications: whatever the order of daily runs (one at a time or two at
// once), crashes (the process stopping between any two of its writes, an e-mail taken by SES
// counting as a write), instalments becoming ready between runs (late confirmations) and payments
// through the links sent, each instalment is in at most one notification while the runs go on and
// in exactly one once a run completes, a notification is sealed from the moment it exists, and
// every e-mail of a notification shows exactly the rows stored for it, then and at every later time.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { financeCsv } from '../../../shared/presentation/finance-csv.js';
import { notifyFinance } from '../../../shared/services/finance.js';
import { recordPayment } from '../../../shared/services/payments.js';
import { MAX_NOTIFICATION_ROWS } from '../../../shared/store/finance-notifications.js';
import { keys } from '../../../shared/store/items.js';
import { propertyRuns } from '../../support/hostile.js';
import {
  Crash,
  PROGRAMME,
  applicationId,
  financeWorld,
  grantItems,
  notifications,
  type Finance,
} from './finance-support.js';

const APPLICATIONS = 6;
const YEARS = 2;
const START = new Date('2027-01-01T05:00:00Z').getTime();
const HOUR = 3_600_000;

const ids = Array.from({ length: APPLICATIONS }, (_, n) => applicationId(n + 1));
const instalments = ids.flatMap((id) =>
  Array.from({ length: YEARS }, (_, i) => ({ id, year: i + 1 })),
);

/** Where a step's process stops: before its n-th write, or not at all. */
const crash = fc.option(fc.nat({ max: 12 }), { freq: 2 });

const step = fc.oneof(
  fc.record({
    kind: fc.constant('ready' as const),
    which: fc.nat({ max: instalments.length - 1 }),
  }),
  fc.record({ kind: fc.constant('run' as const), crash }),
  fc.record({ kind: fc.constant('two-runs' as const), crash }),
  fc.record({ kind: fc.constant('pay' as const), mail: fc.nat(), crash }),
);

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** What must hold between any two steps. */
function checkSealed(world: Finance) {
  const stored = notifications(world.table);
  const owner = new Map<string, string>();
  for (const notification of stored) {
    expect(['SEALED', 'SENT']).toContain(notification.status);
    expect(notification.instalments.length).toBeGreaterThan(0);
    expect(notification.instalments.length).toBeLessThanOrEqual(MAX_NOTIFICATION_ROWS);
    for (const row of notification.instalments) {
      const key = `${row.applicationId}:${row.year}`;
      expect(owner.get(key), `${key} is in two notifications`).toBeUndefined();
      owner.set(key, notification.notificationId);
      expect(world.instalment(row.applicationId, row.year).notificationId).toBe(
        notification.notificationId,
      );
    }
  }
  for (const { id, year } of instalments) {
    const instalment = world.instalment(id, year);
    if (instalment.notificationId) {
      expect(owner.get(`${id}:${year}`)).toBe(instalment.notificationId);
      expect(['NOTIFIED', 'PAID']).toContain(instalment.status);
    }
  }
  // A notification not yet marked sent is the one the programme's pointer names: the next run
  // finds it.
  const pointer = world.table.get(
    `${keys.openFinanceNotification(PROGRAMME).pk}|${keys.openFinanceNotification(PROGRAMME).sk}`,
  );
  const unsent = stored.filter((n) => n.status === 'SEALED').map((n) => n.notificationId);
  expect(unsent).toEqual(pointer?.current ? [pointer.current] : []);
  // Every e-mail is the notification as stored now, row for row.
  for (const mail of world.mails) {
    const notification = world.notification(mail.notificationId);
    expect(notification, mail.notificationId).toBeDefined();
    expect(mail.csv).toBe(
      financeCsv({ notificationId: mail.notificationId, lines: notification!.instalments }).text,
    );
  }
}

async function play(world: Finance, s: Step, now: Date) {
  if (s.kind === 'ready') {
    const { id, year } = instalments[s.which]!;
    world.makeReady(id, year, new Date(START - HOUR));
    return;
  }
  if (s.crash !== null) world.crashBefore(s.crash);
  try {
    if (s.kind === 'run') await notifyFinance(PROGRAMME, now).catch(onlyCrash);
    if (s.kind === 'two-runs') {
      await Promise.all([
        notifyFinance(PROGRAMME, now).catch(onlyCrash),
        notifyFinance(PROGRAMME, now).catch(onlyCrash),
      ]);
    }
    if (s.kind === 'pay' && world.mails.length > 0) {
      const mail = world.mails[s.mail % world.mails.length]!;
      const unpaid = instalments.filter(
        ({ id, year }) => world.instalment(id, year).status !== 'PAID',
      );
      await recordPayment(mail.token, { paidOn: '2027-01-01' }, now).catch((error: Error) => {
        if (!(error instanceof Crash) && error.name !== 'ConflictError') throw error;
      });
      // Whatever it paid, it paid only rows of its own notification.
      const rows = world
        .notification(mail.notificationId)!
        .instalments.map(
          (row: { applicationId: string; year: number }) => `${row.applicationId}:${row.year}`,
        );
      for (const { id, year } of unpaid) {
        if (world.instalment(id, year).status === 'PAID') expect(rows).toContain(`${id}:${year}`);
      }
    }
  } finally {
    world.recover();
  }
}

function onlyCrash(error: unknown) {
  if (!(error instanceof Crash)) throw error;
}

describe('finance notifications under crashes (property)', () => {
  it('each instalment is in exactly one sealed notification, and no e-mailed notification ever changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        const world = financeWorld(ids.flatMap((id, n) => grantItems(id, n + 1, YEARS)));
        for (const [i, s] of steps.entries()) {
          await play(world, s, new Date(START + i * HOUR));
          checkSealed(world);
        }
        // A run that completes: everything ready is notified, once, and every notification sent.
        await notifyFinance(PROGRAMME, new Date(START + steps.length * HOUR));
        checkSealed(world);
        for (const { id, year } of instalments) {
          const instalment = world.instalment(id, year);
          expect(instalment.status === 'READY', `${id}:${year} left ready`).toBe(false);
          if (instalment.status !== 'SCHEDULED') expect(instalment.notificationId).toBeDefined();
        }
        for (const notification of notifications(world.table)) {
          expect(notification.status).toBe('SENT');
          expect(world.mails.map((m) => m.notificationId)).toContain(notification.notificationId);
        }
      }),
      { numRuns: Math.max(20, Math.round(propertyRuns() / 5)) },
    );
  });
});
