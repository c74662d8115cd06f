// Grants and their yearly payments, end to end through the local stack, over their first two
// years: approvals with their plans, the AnnualPayment executions the daily run starts, the
// municipality's yearly confirmations (an ended position, a late answer, none at all), finance's
// notifications (with their CSV parsed) and the payments finance records, all by the e-mails and
// links the system really sent. The years after, to the end of each grant, are
// test/integration/payments-to-completion.test.ts: a file of its own, so the two run side by side.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, eventually, executions, getText, linksIn, postForm } from '../support/api.js';
import {
  CONTINUING,
  FINANCE,
  LEAD,
  csvOf,
  grantYears,
  noonOslo,
  type GrantView,
  type Granted,
} from '../support/grant-years.js';
import { startLocalStack } from '../support/local-stack.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const {
  approved,
  grantOf,
  instalmentStatus,
  mailTo,
  mailsTo,
  today,
  financeMails,
  pay,
  confirmYear,
} = grantYears(() => stack.baseUrl);

describe('grants and yearly payments', () => {
  let nord: Granted;
  let vest: Granted;
  let ending: Granted;
  let silent: Granted;
  let late: Granted;
  let plan: GrantView;

  it('approval writes the plan: ALIS-Nord 5 years of 200 000; ALIS-Vest 4 years of 200 000 / 50 000 / 150 000', async () => {
    nord = await approved('alis-nord', '5601');
    vest = await approved('alis-vest', '1103');
    ending = await approved('alis-nord', '5603');
    silent = await approved('alis-nord', '5605');
    late = await approved('alis-nord', '5610');

    plan = await grantOf(nord);
    expect(plan).toMatchObject({ status: 'ACTIVE', years: 5, yearlyAmount: 200_000 });
    expect(plan.startDate).toMatch(/^\d{4}-\d{2}-01$/);
    expect(plan.instalments.map((i) => [i.year, i.grant, i.egenandel, i.net, i.status])).toEqual(
      [1, 2, 3, 4, 5].map((year) => [year, 200_000, 0, 200_000, 'SCHEDULED']),
    );
    expect(plan.instalments.map((i) => i.dueDate.slice(5))).toEqual(
      Array(5).fill(plan.startDate.slice(5)),
    );

    const vestPlan = await grantOf(vest);
    expect(vestPlan.years).toBe(4);
    expect(vestPlan.instalments.map((i) => [i.grant, i.egenandel, i.net])).toEqual(
      Array(4).fill([200_000, 50_000, 150_000]),
    );

    const approval = (await mailsTo(nord.contact)).find((m) => m.subject.includes('godkjent'))!;
    expect(approval).toBeDefined();
    for (const instalment of plan.instalments) {
      expect(approval.text).toContain(instalment.dueDate.slice(0, 4));
    }
    expect(approval.text).toMatch(/bekreft/i);
  });

  it('year 1: the first daily run starts the payment; finance gets one notification per programme on the due date, however often the run fires', async () => {
    const due = plan.startDate;
    await advance(stack.baseUrl, noonOslo(new Date().toISOString().slice(0, 10), 1));
    await instalmentStatus(nord, 1, 'READY');
    const names = (await executions(stack.baseUrl)).map((e) => e.name);
    expect(names).toContain(`${nord.applicationId}-y1`);
    expect(await mailsTo(nord.contact, (m) => m.text.includes('utbetal'))).not.toHaveLength(0);

    await advance(stack.baseUrl, noonOslo(due));
    await advance(stack.baseUrl, noonOslo(due, 0.01));
    await instalmentStatus(nord, 1, 'NOTIFIED');
    const nordNotifications = await financeMails('alis-nord');
    expect(nordNotifications).toHaveLength(1);
    expect(await financeMails('alis-vest')).toHaveLength(1);

    const rows = csvOf(nordNotifications[0]!);
    const ids = [nord, ending, silent, late].map((a) => a.applicationId);
    const lines = rows.filter((row) => ids.some((id) => row.includes(id)));
    expect(lines).toHaveLength(4);
    expect(lines.every((row) => row.includes('1 av 5') && row.includes('200000'))).toBe(true);
    expect(rows.at(-1)).toContain('800000');
    expect(nordNotifications[0]!.subject).toContain(rows[1]![0]!);
  });

  it('finance records payments for some instalments, then the rest; the link shown by GET changes nothing; nothing left is 409', async () => {
    const [notification] = await financeMails('alis-nord');
    const url = linksIn(notification!, 'payments')[0]!;
    for (let i = 0; i < 3; i++) expect((await getText(url)).status).toBe(200);
    expect((await grantOf(nord)).instalments[0]!.status).toBe('NOTIFIED');

    const some = await pay(notification!, {
      paidOn: plan.startDate,
      instalment: [`${nord.applicationId}:1`, `${ending.applicationId}:1`],
    });
    expect(some.status).toBe(200);
    await instalmentStatus(nord, 1, 'PAID');
    expect((await grantOf(silent)).instalments[0]!.status).toBe('NOTIFIED');

    expect((await pay(notification!, { paidOn: plan.startDate })).status).toBe(200);
    await instalmentStatus(silent, 1, 'PAID');
    await instalmentStatus(late, 1, 'PAID');
    expect((await pay(notification!, { paidOn: plan.startDate })).status).toBe(409);

    const [vestNotification] = await financeMails('alis-vest');
    expect((await pay(vestNotification!, { paidOn: plan.startDate })).status).toBe(200);
    await instalmentStatus(vest, 1, 'PAID');
    await eventually(
      async () => (await mailsTo(nord.contact, (m) => /utbetalt/i.test(m.subject))).length > 0,
      'the paid notice',
    );
  });

  it('year 2: confirmations; an ended position ends the grant; a missing answer is reminded and held; a late answer releases it', async () => {
    const due = plan.instalments[1]!.dueDate;
    await advance(stack.baseUrl, noonOslo(due, -30));
    await instalmentStatus(nord, 2, 'AWAITING_CONFIRMATION');
    expect((await confirmYear(nord, 2, CONTINUING)).status).toBe(200);
    expect((await confirmYear(vest, 2, CONTINUING)).status).toBe(200);
    const firstLink = linksIn(
      await mailTo(late.contact, late.applicationId, 'confirmations'),
      'confirmations',
    )[0]!;
    expect((await getText(firstLink)).status).toBe(200);

    const ended = await confirmYear(ending, 2, {
      status: 'ended',
      endDate: noonOslo(due, -20).slice(0, 10),
    });
    expect(ended.status).toBe(200);
    const endedGrant = await grantOf(ending, 'ENDED');
    expect(
      endedGrant.instalments.filter((i) => i.year >= 2).every((i) => i.status === 'CANCELLED'),
    ).toBe(true);
    for (const to of [FINANCE['alis-nord'], LEAD['alis-nord'], ending.contact]) {
      await eventually(
        async () =>
          (
            await mailsTo(
              to,
              (m) => m.text.includes(ending.applicationId) && /avslutt/i.test(m.text),
            )
          ).length > 0,
        `the end of the grant told to ${to}`,
      );
    }

    await advance(stack.baseUrl, noonOslo(due, -14));
    const reminder = await mailTo(late.contact, late.applicationId, 'confirmations');
    const freshLink = linksIn(reminder, 'confirmations')[0]!;
    expect(freshLink).not.toBe(firstLink);
    expect((await getText(firstLink)).status).toBe(410);

    await advance(stack.baseUrl, noonOslo(due));
    await instalmentStatus(late, 2, 'HELD');
    await instalmentStatus(silent, 2, 'HELD');
    await instalmentStatus(nord, 2, 'NOTIFIED');
    expect(
      await mailsTo(LEAD['alis-nord'], (m) => m.text.includes(late.applicationId)),
    ).not.toHaveLength(0);

    expect((await postForm(freshLink, CONTINUING)).status).toBe(200);
    expect((await postForm(freshLink, CONTINUING)).status).toBe(409);
    await instalmentStatus(late, 2, 'READY');
    await advance(stack.baseUrl, noonOslo(due, 1));
    await instalmentStatus(late, 2, 'NOTIFIED');
    const notifications = await financeMails('alis-nord');
    expect(notifications.length).toBe(3);
    // Paid on the day after: the late answer's notification went out then, and a payment may not
    // be dated before its notification.
    for (const notification of notifications.slice(1)) {
      expect((await pay(notification, { paidOn: await today() })).status).toBe(200);
    }
    await instalmentStatus(late, 2, 'PAID');
  });

  it('a confirmation that never comes ends the grant as unconfirmed', async () => {
    const due = plan.instalments[1]!.dueDate;
    await advance(stack.baseUrl, noonOslo(due, 91));
    const grant = await grantOf(silent, 'ENDED');
    // ALIS-Vest's year-2 payment is not recorded yet: finance was reminded 14 days after.
    expect(
      await mailsTo(FINANCE['alis-vest'], (m) => m.subject.startsWith('Påminnelse')),
    ).toHaveLength(1);
    expect(
      grant.instalments.filter((i) => i.year >= 2).every((i) => i.status === 'CANCELLED'),
    ).toBe(true);
    expect(
      await mailsTo(
        FINANCE['alis-nord'],
        (m) => m.text.includes(silent.applicationId) && /avslutt/i.test(m.text),
      ),
    ).not.toHaveLength(0);
  });
});
