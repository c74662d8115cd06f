// Grants paid to their end, through the local stack: an ALIS-Nord grant of five years and an
// ALIS-Vest grant of four, confirmed and paid year after year until COMPLETED, through a week
// without daily runs and a run that crashes between writing finance's notification and mailing it.
// Every finance CSV is parsed: each instalment is in exactly one notification. The first two
// years' own scenarios (an ended position, a late answer, none at all) are
// test/integration/payments.test.ts, which runs beside this file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, executions } from '../support/api.js';
import {
  CONTINUING,
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

const { approved, grantOf, instalmentStatus, today, financeMails, pay, confirmYear, setFault } =
  grantYears(() => stack.baseUrl);

describe('grants paid to their end', () => {
  let nord: Granted;
  let vest: Granted;
  let second: Granted; // a second ALIS-Nord grant: finance's notifications hold more than one row
  let plan: GrantView;

  it('drives ALIS-Nord to COMPLETED after its fifth year and ALIS-Vest after its fourth', async () => {
    nord = await approved('alis-nord', '5601');
    vest = await approved('alis-vest', '1103');
    second = await approved('alis-nord', '5610');
    plan = await grantOf(nord);
    expect(plan.instalments.map((i) => i.year)).toEqual([1, 2, 3, 4, 5]);

    await advance(stack.baseUrl, noonOslo(plan.startDate));
    await instalmentStatus(nord, 1, 'NOTIFIED');
    for (const programme of ['alis-nord', 'alis-vest'] as const) {
      const [notification] = await financeMails(programme);
      expect((await pay(notification!, { paidOn: plan.startDate })).status).toBe(200);
    }
    await instalmentStatus(nord, 1, 'PAID');

    for (const year of [2, 3, 4, 5]) {
      const due = plan.instalments[year - 1]!.dueDate;
      await advance(stack.baseUrl, noonOslo(due, -30));
      expect((await confirmYear(nord, year, CONTINUING)).status).toBe(200);
      if (year <= 4) expect((await confirmYear(vest, year, CONTINUING)).status).toBe(200);
      expect((await confirmYear(second, year, CONTINUING)).status).toBe(200);
      if (year === 3) {
        // A week with no daily run: every run fails while DynamoDB does, from the day before the
        // due date until six days after it. The first run after that catches up with it all.
        for (const app of [nord, vest, second]) await instalmentStatus(app, year, 'READY');
        await advance(stack.baseUrl, noonOslo(due, -1));
        const before = (await financeMails('alis-nord')).length;
        await setFault({ service: 'dynamodb', failFor: { ms: 7 * 86_400_000 } });
        await advance(stack.baseUrl, noonOslo(due, 5));
        expect(await financeMails('alis-nord')).toHaveLength(before);
        await advance(stack.baseUrl, noonOslo(due, 7));
        await instalmentStatus(nord, year, 'NOTIFIED');
        await instalmentStatus(second, year, 'NOTIFIED');
        expect(await financeMails('alis-nord')).toHaveLength(before + 1);
      } else if (year === 4) {
        // The run crashes between writing the notification and mailing it: SES refuses the first
        // send (all three of the SDK's attempts). A later run finishes the same notification.
        await setFault({ service: 'ses', failFor: { calls: 3 } });
        await advance(stack.baseUrl, noonOslo(due));
        await advance(stack.baseUrl, noonOslo(due, 1));
      } else {
        await advance(stack.baseUrl, noonOslo(due));
      }
      await instalmentStatus(nord, year, 'NOTIFIED');
      for (const programme of ['alis-nord', 'alis-vest'] as const) {
        const [latest] = (await financeMails(programme)).slice(-1);
        // Paid today: year 4's notification went out the day after its due date.
        const answer = await pay(latest!, { paidOn: await today() });
        expect([200, 409]).toContain(answer.status);
      }
      await instalmentStatus(nord, year, 'PAID');
    }
    expect((await grantOf(nord, 'COMPLETED')).instalments.every((i) => i.status === 'PAID')).toBe(
      true,
    );
    expect((await grantOf(vest, 'COMPLETED')).years).toBe(4);
    expect((await grantOf(second, 'COMPLETED')).instalments.map((i) => i.status)).toEqual(
      Array(5).fill('PAID'),
    );
    const finished = (await executions(stack.baseUrl)).filter((e) =>
      e.name.startsWith(`${nord.applicationId}-y`),
    );
    expect(finished.map((e) => e.status)).toEqual(Array(5).fill('SUCCEEDED'));

    // Every instalment ever notified belongs to exactly one notification, whatever happened on
    // the way (a week without runs, a failed send); an e-mail may repeat, but only as the same
    // notification with the same id.
    for (const programme of ['alis-nord', 'alis-vest'] as const) {
      const owner = new Map<string, string>();
      for (const notification of await financeMails(programme)) {
        for (const row of csvOf(notification).slice(1, -1)) {
          const [notificationId, , , applicationId, position, year] = row;
          const instalment = `${applicationId} ${position} ${year}`;
          expect(owner.get(instalment) ?? notificationId, instalment).toBe(notificationId);
          owner.set(instalment, notificationId!);
        }
      }
      expect(owner.size).toBe(programme === 'alis-nord' ? 10 : 4);
    }
  }, 300_000);
});
