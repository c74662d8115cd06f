// Finance notifications are sealed when written: their rows never change, a notification left
// unsent by a crash goes out again exactly as it was, instalments ready since then go into a new
// one, and a payment link pays only its own notification's rows, once.

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { financeCsv } from '../../../shared/presentation/finance-csv.js';
import { notifyFinance } from '../../../shared/services/finance.js';
import { recordPayment } from '../../../shared/services/payments.js';
import { MAX_NOTIFICATION_ROWS } from '../../../shared/store/finance-notifications.js';
import { dynamo } from '../../support/table-fake.js';
import {
  Crash,
  PROGRAMME,
  applicationId,
  financeWorld,
  grantItems,
  notifications,
  type Finance,
} from './finance-support.js';

const NOW = new Date('2027-01-01T05:00:00Z');
const DUE = new Date('2026-12-31T23:00:00Z');
const LATER = new Date('2027-01-02T05:00:00Z');

const ids = Array.from({ length: 4 }, (_, n) => applicationId(n + 1));

let world: Finance;

beforeEach(() => {
  world = financeWorld(ids.flatMap((id, n) => grantItems(id, n + 1)));
});

function readyYear1(which = ids) {
  for (const id of which) world.makeReady(id, 1, DUE);
}

function rowsOf(notificationId: string) {
  return (world.notification(notificationId)!.instalments as { applicationId: string }[]).map(
    (row) => row.applicationId,
  );
}

describe('notifyFinance', () => {
  it('writes the notification with its final rows and claims its instalments in one transaction, then mails it and marks it sent', async () => {
    readyYear1();
    const outcome = await notifyFinance(PROGRAMME, NOW);

    expect(outcome.instalments).toBe(4);
    const [id] = outcome.notificationIds;
    const sealing = dynamo
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems!)
      .find((items) => items.some((item) => item.Put?.Item?.sk === 'NOTIFICATION'))!;
    // The notification is put whole, with every row, in the transaction that claims the rows.
    const put = sealing.find((item) => item.Put?.Item?.sk === 'NOTIFICATION')!.Put!.Item!;
    expect(put.status).toBe('SEALED');
    expect(put.instalments.map((row: { applicationId: string }) => row.applicationId)).toEqual(ids);
    expect(sealing.filter((item) => item.Update?.Key?.sk === 'INSTALMENT#001')).toHaveLength(4);

    expect(world.notification(id!)).toMatchObject({ status: 'SENT', payments: 0 });
    for (const app of ids) {
      expect(world.instalment(app, 1)).toMatchObject({ status: 'NOTIFIED', notificationId: id });
    }
    expect(world.mails).toHaveLength(1);
    expect(world.mails[0]!.notificationId).toBe(id);
    // The e-mail is what was stored: the CSV made from the stored rows is the one sent.
    expect(world.mails[0]!.csv).toBe(
      financeCsv({ notificationId: id!, lines: world.notification(id!)!.instalments }).text,
    );
  });

  it('costs an idle day one query: the ready partition, which also holds the pointer to an unsent notification', async () => {
    dynamo.resetHistory();
    const outcome = await notifyFinance(PROGRAMME, NOW);
    expect(outcome).toMatchObject({ notificationIds: [], instalments: 0 });
    expect(dynamo.calls().map((call) => call.args[0].constructor.name)).toEqual(['QueryCommand']);
  });

  it('mails a notification a crash left unsent exactly as it was, and puts instalments ready since then in a new one', async () => {
    readyYear1(ids.slice(0, 2));
    // SES takes the e-mail, and the process stops before the notification is marked sent.
    const before = world.writes();
    await notifyFinance(PROGRAMME, NOW);
    const writesOfARun = world.writes() - before;
    world = financeWorld(ids.flatMap((id, n) => grantItems(id, n + 1)));
    readyYear1(ids.slice(0, 2));
    world.crashBefore(writesOfARun - 1);
    await expect(notifyFinance(PROGRAMME, NOW)).rejects.toThrow(Crash);
    world.recover();
    const [first] = world.mails;
    const sealedRows = structuredClone(world.notification(first!.notificationId)!.instalments);
    expect(world.notification(first!.notificationId)!.status).toBe('SEALED');

    // The late confirmations: two more instalments are ready before the next run.
    readyYear1(ids.slice(2));
    const outcome = await notifyFinance(PROGRAMME, LATER);

    expect(outcome.notificationIds[0]).toBe(first!.notificationId);
    expect(world.mails).toHaveLength(3);
    const [, again, next] = world.mails;
    expect(again).toMatchObject({ notificationId: first!.notificationId, csv: first!.csv });
    expect(again!.subject).toBe(first!.subject);
    expect(world.notification(first!.notificationId)!.instalments).toEqual(sealedRows);
    expect(rowsOf(first!.notificationId)).toEqual(ids.slice(0, 2));
    expect(next!.notificationId).not.toBe(first!.notificationId);
    expect(rowsOf(next!.notificationId)).toEqual(ids.slice(2));
    for (const app of ids.slice(2)) {
      expect(world.instalment(app, 1).notificationId).toBe(next!.notificationId);
    }
    expect(notifications(world.table).map((n) => n.status)).toEqual(['SENT', 'SENT']);
  });

  it('mails a notification whose e-mail SES refused before writing another', async () => {
    readyYear1(ids.slice(0, 1));
    // The link is written, then SES refuses: the next write is the e-mail.
    world.crashBefore(2);
    await expect(notifyFinance(PROGRAMME, NOW)).rejects.toThrow(Crash);
    world.recover();
    expect(world.mails).toHaveLength(0);
    readyYear1(ids.slice(1));

    await notifyFinance(PROGRAMME, LATER);
    expect(world.mails.map((m) => rowsOf(m.notificationId))).toEqual([
      ids.slice(0, 1),
      ids.slice(1),
    ]);
  });

  it('writes no more than MAX_NOTIFICATION_ROWS rows to a notification, each in one transaction of at most 100 items', async () => {
    const many = Array.from({ length: MAX_NOTIFICATION_ROWS + 3 }, (_, n) => applicationId(n + 10));
    world = financeWorld(many.flatMap((id, n) => grantItems(id, n + 10, 1)));
    for (const id of many) world.makeReady(id, 1, DUE);

    const outcome = await notifyFinance(PROGRAMME, NOW);

    expect(outcome.instalments).toBe(many.length);
    expect(outcome.notificationIds.map((id) => rowsOf(id).length)).toEqual([
      MAX_NOTIFICATION_ROWS,
      3,
    ]);
    expect(outcome.notificationIds.flatMap(rowsOf).sort()).toEqual([...many].sort());
    for (const call of dynamo.commandCalls(TransactWriteCommand)) {
      expect(call.args[0].input.TransactItems!.length).toBeLessThanOrEqual(100);
    }
  });

  it('leaves out an instalment another notification claimed since the index showed it ready', async () => {
    readyYear1();
    // Another run's claim, which the index has not caught up with.
    Object.assign(world.instalment(ids[1]!, 1), { status: 'NOTIFIED', notificationId: 'AN-U-X' });

    const outcome = await notifyFinance(PROGRAMME, NOW);

    expect(rowsOf(outcome.notificationIds[0]!)).toEqual([ids[0], ids[2], ids[3]]);
    expect(world.instalment(ids[1]!, 1).notificationId).toBe('AN-U-X');
  });

  it('two runs at once write each instalment into one notification', async () => {
    readyYear1();
    await Promise.all([notifyFinance(PROGRAMME, NOW), notifyFinance(PROGRAMME, NOW)]);
    const stored = notifications(world.table);
    expect(stored.flatMap((n) => rowsOf(n.notificationId)).sort()).toEqual([...ids].sort());
    expect(stored.every((n) => n.status === 'SENT')).toBe(true);
  });
});

describe('recordPayment', () => {
  async function twoNotifications() {
    readyYear1(ids.slice(0, 2));
    const first = await notifyFinance(PROGRAMME, NOW);
    readyYear1(ids.slice(2));
    const second = await notifyFinance(PROGRAMME, LATER);
    return [first.notificationIds[0]!, second.notificationIds[0]!] as const;
  }

  it('pays only the rows its notification lists', async () => {
    await twoNotifications();
    const [firstMail] = world.mails;
    await expect(
      recordPayment(firstMail!.token, { paidOn: '2027-01-02', instalment: [`${ids[2]}:1`] }, LATER),
    ).rejects.toMatchObject({ errors: [{ path: 'instalment', code: 'not-in-notification' }] });

    const result = await recordPayment(firstMail!.token, { paidOn: '2027-01-02' }, LATER);
    expect(result.paid.map((line) => line.applicationId)).toEqual(ids.slice(0, 2));
    expect(ids.map((id) => world.instalment(id, 1).status)).toEqual([
      'PAID',
      'PAID',
      'NOTIFIED',
      'NOTIFIED',
    ]);
  });

  it('of two posts of one link at once, one records and the other is refused with 409, even for different rows', async () => {
    const [notificationId] = await twoNotifications();
    const { token } = world.mails[0]!;
    const posts = await Promise.allSettled([
      recordPayment(token, { paidOn: '2027-01-02', instalment: `${ids[0]}:1` }, LATER),
      recordPayment(token, { paidOn: '2027-01-02', instalment: `${ids[1]}:1` }, LATER),
    ]);
    expect(posts.map((p) => p.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = posts.find((p) => p.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      name: 'ConflictError',
      errors: [{ code: 'recorded-meanwhile' }],
    });
    expect(ids.slice(0, 2).filter((id) => world.instalment(id, 1).status === 'PAID')).toHaveLength(
      1,
    );
    expect(world.notification(notificationId)!.payments).toBe(1);

    // Read afresh, the link records the rest.
    await recordPayment(token, { paidOn: '2027-01-02' }, LATER);
    expect(ids.slice(0, 2).map((id) => world.instalment(id, 1).status)).toEqual(['PAID', 'PAID']);
    await expect(recordPayment(token, { paidOn: '2027-01-02' }, LATER)).rejects.toMatchObject({
      errors: [{ code: 'nothing-to-mark' }],
    });
  });
});
