// Grants and their yearly payments, end to end through the local stack: approvals with their
// plans, the AnnualPayment executions the daily run starts, the municipality's yearly
// confirmations, finance's notifications (with their CSV parsed) and the payments finance records,
// all by the e-mails and links the system really sent, across the years on the local clock.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  FIXTURES,
  advance,
  eventually,
  executions,
  getText,
  linksIn,
  localNow,
  mail,
  postForm,
  statusOf,
  submit,
  type LocalMail,
} from '../support/api.js';

interface GrantView {
  status: string;
  startDate: string;
  years: number;
  yearlyAmount: number;
  instalments: {
    year: number;
    dueDate: string;
    grant: number;
    egenandel: number;
    net: number;
    status: string;
  }[];
}

interface Granted {
  applicationId: string;
  statusUrl: string;
  contact: string;
  programme: 'alis-nord' | 'alis-vest';
}

const FINANCE = {
  'alis-nord': 'okonomi@alis-nord.example.no',
  'alis-vest': 'okonomi@alis-vest.example.no',
};
const LEAD = {
  'alis-nord': 'leder@alis-nord.example.no',
  'alis-vest': 'leder@alis-vest.example.no',
};

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

let counter = 0;

/** Submits a fixture from its own municipality and contact, and has the first reviewer approve it. */
async function approved(
  programme: 'alis-nord' | 'alis-vest',
  municipalityNumber: string,
  fields: Record<string, string> = {},
): Promise<Granted> {
  const body = structuredClone(FIXTURES[programme]) as Record<string, any>;
  body.municipality.municipalityNumber = municipalityNumber;
  if (programme === 'alis-vest') body.municipality.region = 'helse-stavanger';
  body.contact.email = `kontakt${++counter}@kommune.example.no`;
  // A doctor already employed, at the start of training: paid five years from the month after the
  // decision (a new position waits for its start first: test/integration/positions.test.ts).
  if (programme === 'alis-nord') body.candidate = EMPLOYED_FROM_START;
  const submitted = await submit(stack.baseUrl, body);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const { applicationId, statusUrl } = submitted.body as {
    applicationId: string;
    statusUrl: string;
  };
  const request = await mailTo(`fagrad1@${programme}.example.no`, applicationId, 'decisions');
  const decided = await postForm(linksIn(request, 'decisions')[0]!, {
    decision: 'approve',
    comment: 'Godt søknad.',
    ...fields,
  });
  expect(decided.status).toBe(200);
  const granted = { applicationId, statusUrl, contact: body.contact.email, programme };
  await grantOf(granted);
  return granted;
}

async function grantOf(app: Granted, status?: string): Promise<GrantView> {
  return eventually(
    async () => {
      const view = (await statusOf(app.statusUrl)) as unknown as { grant?: GrantView };
      return view.grant && (!status || view.grant.status === status) ? view.grant : undefined;
    },
    `the grant of ${app.applicationId}${status ? ` ${status}` : ''}`,
  );
}

async function instalmentStatus(app: Granted, year: number, status: string) {
  return eventually(async () => {
    const grant = await grantOf(app);
    const instalment = grant.instalments.find((i) => i.year === year);
    return instalment?.status === status ? instalment : undefined;
  }, `year ${year} of ${app.applicationId} ${status}`);
}

/** The newest e-mail to `to` about `about` carrying a link under `path`. */
async function mailTo(to: string, about: string, path: string): Promise<LocalMail> {
  return eventually(async () => {
    const found = (await mail(stack.baseUrl)).filter(
      (m) => m.to.includes(to) && m.text.includes(about) && linksIn(m, path).length > 0,
    );
    return found.at(-1);
  }, `an e-mail to ${to} with a ${path} link`);
}

async function mailsTo(to: string, predicate: (m: LocalMail) => boolean = () => true) {
  return (await mail(stack.baseUrl)).filter((m) => m.to.includes(to) && predicate(m));
}

/** The local clock's date (it stands at noon in Oslo here, so the UTC date is Oslo's). */
async function today(): Promise<string> {
  return (await localNow(stack.baseUrl)).toISOString().slice(0, 10);
}

/** Noon in Oslo on a calendar date, a few days on: after that day's 06:00 run, in any season. */
function noonOslo(date: string, days = 0): string {
  const day = new Date(`${date}T11:00:00Z`);
  return new Date(day.getTime() + days * 86_400_000).toISOString();
}

function financeMails(programme: 'alis-nord' | 'alis-vest') {
  return mailsTo(
    FINANCE[programme],
    (m) => linksIn(m, 'payments').length > 0 && m.attachments.length > 0,
  );
}

/** The CSV of a finance notification, parsed: header, lines, totals. */
function csvOf(notification: LocalMail): string[][] {
  const attachment = notification.attachments.find((a) => a.filename.endsWith('.csv'))!;
  const bytes = Buffer.from(attachment.content, 'base64');
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes
    .toString('utf8')
    .slice(1)
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(';'));
}

async function pay(notification: LocalMail, fields: Record<string, string | string[]>) {
  const url = linksIn(notification, 'payments')[0]!;
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  return { status: response.status, text: await response.text() };
}

/** Answers the year's confirmation through the link of the newest request for that year. */
async function confirmYear(app: Granted, year: number, fields: Record<string, string>) {
  const request = await eventually(async () => {
    const requests = await mailsTo(
      app.contact,
      (m) => m.subject.includes(app.applicationId) && m.subject.includes(`år ${year} av`),
    );
    return requests.filter((m) => linksIn(m, 'confirmations').length > 0).at(-1);
  }, `the year ${year} confirmation request of ${app.applicationId}`);
  return postForm(linksIn(request, 'confirmations')[0]!, fields);
}

async function setFault(fault: { service: string; failFor: Record<string, number> }) {
  const answer = await fetch(`${stack.baseUrl}/_local/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(answer.status).toBe(200);
}

const EMPLOYED_FROM_START = { kind: 'employed-doctor', monthsCompleted: 0 };

const CONTINUING = { status: 'continuing', employmentModel: 'salaried', listSize: '650' };

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

  it('drives ALIS-Nord to COMPLETED after its fifth year and ALIS-Vest after its fourth', async () => {
    const [vestNotificationYear2] = (await financeMails('alis-vest')).slice(-1);
    expect(
      (await pay(vestNotificationYear2!, { paidOn: plan.instalments[1]!.dueDate })).status,
    ).toBe(200);
    for (const year of [3, 4, 5]) {
      const due = plan.instalments[year - 1]!.dueDate;
      await advance(stack.baseUrl, noonOslo(due, -30));
      expect((await confirmYear(nord, year, CONTINUING)).status).toBe(200);
      if (year <= 4) expect((await confirmYear(vest, year, CONTINUING)).status).toBe(200);
      expect((await confirmYear(late, year, CONTINUING)).status).toBe(200);
      if (year === 3) {
        // A week with no daily run: every run fails while DynamoDB does, from the day before the
        // due date until six days after it. The first run after that catches up with it all.
        for (const app of [nord, vest, late]) await instalmentStatus(app, year, 'READY');
        await advance(stack.baseUrl, noonOslo(due, -1));
        const before = (await financeMails('alis-nord')).length;
        await setFault({ service: 'dynamodb', failFor: { ms: 7 * 86_400_000 } });
        await advance(stack.baseUrl, noonOslo(due, 5));
        expect(await financeMails('alis-nord')).toHaveLength(before);
        await advance(stack.baseUrl, noonOslo(due, 7));
        await instalmentStatus(nord, year, 'NOTIFIED');
        await instalmentStatus(late, year, 'NOTIFIED');
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
    const finished = (await executions(stack.baseUrl)).filter((e) =>
      e.name.startsWith(`${nord.applicationId}-y`),
    );
    expect(finished.map((e) => e.status)).toEqual(Array(5).fill('SUCCEEDED'));

    // Every instalment ever notified belongs to exactly one notification, whatever happened on
    // the way (runs fired twice, a week without runs, a failed send); an e-mail may repeat, but
    // only as the same notification with the same id.
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
      expect(owner.size).toBeGreaterThan(0);
    }
  }, 300_000);
});
