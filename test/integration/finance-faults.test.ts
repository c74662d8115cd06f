// Money under faults, through the local stack: twenty posts of one payment link at once record one
// payment; and the stack killed (-9) at the moment SES took finance's e-mail, before the
// notification was marked sent, then restarted with a late confirmation: the notification goes out
// again exactly as it was, the late instalment goes into a new one, and the first e-mail's link
// pays only its own rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  advance,
  eventually,
  linksIn,
  mail,
  postForm,
  postJson,
  statusOf,
  submit,
  type LocalMail,
} from '../support/api.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';

const FINANCE = 'okonomi@alis-nord.example.no';
const REVIEWER = 'fagrad1@alis-nord.example.no';
const CONTINUING = { status: 'continuing', employmentModel: 'salaried', listSize: '650' };

interface Granted {
  applicationId: string;
  statusUrl: string;
  contact: string;
}

interface GrantView {
  startDate: string;
  instalments: { year: number; dueDate: string; status: string }[];
}

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

let counter = 0;

async function approved(municipalityNumber: string): Promise<Granted> {
  const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
  body.municipality.municipalityNumber = municipalityNumber;
  body.contact.email = `kontakt${++counter}@kommune.example.no`;
  // A doctor already employed: paid from the month after the decision, with no start to report.
  body.candidate = { kind: 'employed-doctor', monthsCompleted: 0 };
  const submitted = await submit(stack.baseUrl, body);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const { applicationId, statusUrl } = submitted.body as Granted;
  const request = await eventually(
    async () =>
      (await mail(stack.baseUrl)).find(
        (m) => m.to.includes(REVIEWER) && m.text.includes(applicationId),
      ),
    `the review request of ${applicationId}`,
  );
  const decided = await postForm(linksIn(request, 'decisions')[0]!, {
    decision: 'approve',
    comment: 'Godt søknad.',
  });
  expect(decided.status).toBe(200);
  const granted = { applicationId, statusUrl, contact: body.contact.email };
  await grantOf(granted);
  return granted;
}

async function grantOf(app: Granted): Promise<GrantView> {
  return eventually(async () => {
    const view = (await statusOf(app.statusUrl)) as unknown as { grant?: GrantView };
    return view.grant;
  }, `the grant of ${app.applicationId}`);
}

async function instalmentStatus(app: Granted, year: number, status: string) {
  return eventually(async () => {
    const instalment = (await grantOf(app)).instalments.find((i) => i.year === year);
    return instalment?.status === status ? instalment : undefined;
  }, `year ${year} of ${app.applicationId} ${status}`);
}

/** Noon in Oslo on a calendar date, `days` on: after that day's 06:00 run. */
function noonOslo(date: string, days = 0): string {
  return new Date(new Date(`${date}T11:00:00Z`).getTime() + days * 86_400_000).toISOString();
}

/** The notifications finance got (not the reminders), oldest first. */
async function notificationMails(): Promise<LocalMail[]> {
  return (await mail(stack.baseUrl)).filter(
    (m) => m.to.includes(FINANCE) && m.subject.startsWith('Utbetalingsvarsel'),
  );
}

function csvText(notification: LocalMail): string {
  const attachment = notification.attachments.find((a) => a.filename.endsWith('.csv'))!;
  return Buffer.from(attachment.content, 'base64').toString('utf8');
}

/** The CSV's rows (without header and totals): notification id, application id, "year av years". */
function rowsOf(notification: LocalMail): { notificationId: string; instalment: string }[] {
  return csvText(notification)
    .slice(1)
    .split('\r\n')
    .filter((line) => line.length > 0)
    .slice(1, -1)
    .map((line) => line.split(';'))
    .map(([notificationId, , , applicationId, position, year]) => {
      // Every grant here has one position; the column says so.
      expect(position).toBe('1');
      return {
        notificationId: notificationId!,
        instalment: `${applicationId} ${year!.split(' ')[0]}`,
      };
    });
}

function idOf(notification: LocalMail): string {
  return rowsOf(notification)[0]!.notificationId;
}

async function pay(notification: LocalMail, paidOn: string) {
  return postForm(linksIn(notification, 'payments')[0]!, { paidOn });
}

async function confirmYear(app: Granted, year: number) {
  const request = await eventually(async () => {
    const requests = (await mail(stack.baseUrl)).filter(
      (m) =>
        m.to.includes(app.contact) &&
        m.subject.includes(`år ${year} av`) &&
        linksIn(m, 'confirmations').length > 0,
    );
    return requests.at(-1);
  }, `the year ${year} confirmation request of ${app.applicationId}`);
  return postForm(linksIn(request, 'confirmations')[0]!, CONTINUING);
}

async function setFault(fault: Record<string, unknown>) {
  const answer = await fetch(`${stack.baseUrl}/_local/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(answer.status).toBe(200);
}

describe('finance under faults', () => {
  let held: Granted;
  let grants: Granted[];

  it('twenty JSON posts of one payment link at once: one 200, nineteen 409, each instalment paid once', async () => {
    // One grant a month before the others, so that its year 2 can be held while theirs is not.
    held = await approved('5601');
    const heldStart = (await grantOf(held)).startDate;
    await advance(stack.baseUrl, noonOslo(heldStart, 1));
    await instalmentStatus(held, 1, 'NOTIFIED');
    const [heldYear1] = await notificationMails();
    expect((await pay(heldYear1!, heldStart)).status).toBe(200);

    grants = [await approved('5603'), await approved('5605'), await approved('5610')];
    const start = (await grantOf(grants[0]!)).startDate;
    await advance(stack.baseUrl, noonOslo(start, 1));
    for (const app of grants) await instalmentStatus(app, 1, 'NOTIFIED');
    const notification = (await notificationMails()).at(-1)!;
    expect(rowsOf(notification)).toHaveLength(3);

    const url = linksIn(notification, 'payments')[0]!;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postJson(url, { paidOn: start })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    const paid = answers.find((a) => a.status === 200)!.body as { paid: unknown[] };
    expect(paid.paid).toHaveLength(3);
    for (const app of grants) {
      await instalmentStatus(app, 1, 'PAID');
      const history = (await statusOf(app.statusUrl)).history;
      expect(history.filter((event) => event.type === 'payment-recorded')).toHaveLength(1);
    }
  });

  it('killed (-9) right after SES took the notification: after a restart and a late confirmation, the notification is mailed again unchanged, and the late instalment goes into a new one', async () => {
    // Year 2: the held grant's confirmation never comes by its due date; the others confirm.
    const heldDue = (await grantOf(held)).instalments[1]!.dueDate;
    await advance(stack.baseUrl, noonOslo(heldDue));
    await instalmentStatus(held, 2, 'HELD');
    const due = (await grantOf(grants[0]!)).instalments[1]!.dueDate;
    await advance(stack.baseUrl, noonOslo(due, -29));
    for (const app of grants) expect((await confirmYear(app, 2)).status).toBe(200);
    for (const app of grants) await instalmentStatus(app, 2, 'READY');
    await advance(stack.baseUrl, noonOslo(due, -1));
    const before = (await notificationMails()).length;

    // The due date's run: SES takes finance's e-mail, and the process dies before its next call.
    await setFault({ service: 'ses', crashAfter: { calls: 1 } });
    await advance(stack.baseUrl, noonOslo(due));
    const first = (await notificationMails()).slice(before);
    expect(first).toHaveLength(1);
    const firstRows = rowsOf(first[0]!);
    expect(firstRows.map((r) => r.instalment).sort()).toEqual(
      grants.map((app) => `${app.applicationId} 2`).sort(),
    );
    process.kill(-stack.pid()!, 'SIGKILL');
    await stack.restart();

    // The late confirmation: the held instalment is ready; the next day's run notifies it.
    expect((await confirmYear(held, 2)).status).toBe(200);
    await instalmentStatus(held, 2, 'READY');
    await advance(stack.baseUrl, noonOslo(due, 1));
    await instalmentStatus(held, 2, 'NOTIFIED');

    const after = (await notificationMails()).slice(before);
    const firstId = idOf(first[0]!);
    const again = after.filter((m) => idOf(m) === firstId);
    expect(again).toHaveLength(2);
    expect(csvText(again[1]!)).toBe(csvText(first[0]!));
    expect(again[1]!.subject).toBe(first[0]!.subject);
    const fresh = after.filter((m) => idOf(m) !== firstId);
    expect(fresh).toHaveLength(1);
    expect(rowsOf(fresh[0]!).map((r) => r.instalment)).toEqual([`${held.applicationId} 2`]);

    // Every instalment ever notified is in exactly one notification.
    const owner = new Map<string, string>();
    for (const notification of await notificationMails()) {
      for (const row of rowsOf(notification)) {
        expect(owner.get(row.instalment) ?? row.notificationId, row.instalment).toBe(
          row.notificationId,
        );
        owner.set(row.instalment, row.notificationId);
      }
    }
    expect(owner.size).toBe(2 + grants.length * 2);

    // The first e-mail's link pays its own rows and nothing else.
    expect((await pay(first[0]!, due)).status).toBe(200);
    for (const app of grants) await instalmentStatus(app, 2, 'PAID');
    expect((await grantOf(held)).instalments[1]!.status).toBe('NOTIFIED');
    expect((await pay(first[0]!, due)).status).toBe(409);
    // The late one's notification was written the day after: a payment dated before it is refused.
    expect((await pay(fresh[0]!, due)).status).toBe(400);
    expect((await pay(fresh[0]!, noonOslo(due, 1).slice(0, 10))).status).toBe(200);
    await instalmentStatus(held, 2, 'PAID');
  }, 300_000);
});
