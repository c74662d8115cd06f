// Workflows under an SES outage longer than their steps' retries (2 s doubling, 6 retries: about
// two minutes), through the local fault switch. The retries wait on the local clock, so the test
// moves past them with /_local/advance instead of waiting. Each step's Catch records the stop; the
// next daily run resumes the workflow (`-r1`), which carries on from where the stopped one was.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  advance,
  eventually,
  executions,
  linksIn,
  localNow,
  mail,
  postForm,
  postJson,
  statusOf,
  submit,
  type Advanced,
  type LocalMail,
} from '../support/api.js';
import { startLocalStack } from '../support/local-stack.js';
import { seedContact } from '../support/local-table.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;
const REVIEWER = 'fagrad1@alis-nord.example.no';
let counter = 0;

/** SES refuses every send for `ms` of the local clock, from now. */
async function sesOutage(ms: number) {
  const set = await postJson(`${stack.baseUrl}/_local/faults`, {
    service: 'ses',
    failFor: { ms },
    error: 'unavailable',
  });
  expect(set.status).toBe(200);
}

/**
 * An outage around the daily run of the Oslo day of `date`: from 03:50 UTC (before 06:00 Oslo in
 * any season) for 90 minutes, longer than the steps' retries after either 04:00 or 05:00 UTC.
 */
async function outageAroundRun(date: string) {
  await advance(stack.baseUrl, `${date}T03:50:00.000Z`);
  await sesOutage(90 * 60_000);
}

/** Noon in Oslo on a calendar date, a few days on: after that day's 06:00 run, in any season. */
function noonOslo(date: string, days = 0): string {
  return new Date(Date.parse(`${date}T11:00:00Z`) + days * DAY).toISOString();
}

function nextDate(instant: Date, days = 1): string {
  return new Date(instant.getTime() + days * DAY).toISOString().slice(0, 10);
}

/** Daily runs that failed among what an advance fired. */
function runErrors(advanced: Advanced) {
  return advanced.fired.filter((f) => f.schedule && f.error);
}

async function mailsTo(to: string, predicate: (m: LocalMail) => boolean = () => true) {
  return (await mail(stack.baseUrl)).filter((m) => m.to.includes(to) && predicate(m));
}

async function newestMailTo(to: string, about: string, path: string): Promise<LocalMail> {
  return eventually(
    async () =>
      (await mailsTo(to, (m) => m.text.includes(about) && linksIn(m, path).length > 0)).at(-1),
    `an e-mail to ${to} about ${about} with a ${path} link`,
  );
}

async function submitted(municipalityNumber: string) {
  const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
  body.municipality.municipalityNumber = municipalityNumber;
  body.contact.email = `kontakt${++counter}@kommune.example.no`;
  // A doctor already employed: paid from the month after the decision, with no start to report.
  body.candidate = { kind: 'employed-doctor', monthsCompleted: 0 };
  // Confirmed before, so the application goes straight to review as these faults need it to.
  await seedContact(stack, 'alis-nord', body.contact.email, { confirmed: true });
  const answer = await submit(stack.baseUrl, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const { applicationId, statusUrl } = answer.body as { applicationId: string; statusUrl: string };
  return { applicationId, statusUrl, contact: body.contact.email as string };
}

interface GrantView {
  status: string;
  instalments: { year: number; dueDate: string; status: string }[];
}

async function grantOf(statusUrl: string): Promise<GrantView | undefined> {
  return ((await statusOf(statusUrl)) as unknown as { grant?: GrantView }).grant;
}

async function executionsOf(applicationId: string) {
  return Object.fromEntries(
    (await executions(stack.baseUrl))
      .filter((e) => e.name.startsWith(applicationId))
      .map((e) => [e.name, e.status]),
  );
}

describe('an SES outage longer than the retries', () => {
  it('during a review request: the next run resumes the review, and an approval from the day-7 reminder creates the grant and tells the municipality', async () => {
    const start = await localNow(stack.baseUrl);
    await sesOutage(10 * 60_000);
    const app = await submitted('5607');
    // Past the retries of "Send receipt" (caught: its notice waits for the daily run) and of
    // "Request review" (its Catch records the stop): minutes on the local clock, not in real time.
    await advance(stack.baseUrl, new Date(start.getTime() + 15 * 60_000));
    expect(await executionsOf(app.applicationId)).toEqual({ [app.applicationId]: 'FAILED' });
    expect(await mailsTo(REVIEWER, (m) => m.text.includes(app.applicationId))).toEqual([]);

    // The next daily run resumes the review as -r1: the receipt and the reviewers' requests go out.
    const resumed = await advance(stack.baseUrl, noonOslo(nextDate(start)));
    expect(runErrors(resumed)).toEqual([]);
    expect(await executionsOf(app.applicationId)).toEqual({
      [app.applicationId]: 'FAILED',
      [`${app.applicationId}-r1`]: 'RUNNING',
    });
    await newestMailTo(REVIEWER, app.applicationId, 'decisions');
    expect(await mailsTo(app.contact, (m) => m.subject.startsWith('Kvittering'))).toHaveLength(1);

    // Day 7: the reminder; the reviewer approves through its link.
    const reminded = await advance(stack.baseUrl, noonOslo(nextDate(start, 7)));
    expect(runErrors(reminded)).toEqual([]);
    const reminder = await newestMailTo(REVIEWER, app.applicationId, 'decisions');
    expect(reminder.subject).toMatch(/påminnelse/i);
    const decided = await postForm(linksIn(reminder, 'decisions')[0]!, {
      decision: 'approve',
      comment: 'Godkjent etter påminnelse.',
    });
    expect(decided.status).toBe(200);

    const grant = await eventually(() => grantOf(app.statusUrl), 'the grant');
    expect(grant.status).toBe('ACTIVE');
    const approval = await eventually(
      async () => (await mailsTo(app.contact, (m) => m.subject.includes('er godkjent'))).at(0),
      'the approval e-mail',
    );
    expect(approval.text).toContain(app.applicationId);
    // Nobody is asked to resume anything by hand.
    expect(
      await mailsTo('leder@alis-nord.example.no', (m) => m.text.includes('npm run resume')),
    ).toEqual([]);
    const later = await advance(stack.baseUrl, noonOslo(nextDate(start, 9)));
    expect(runErrors(later)).toEqual([]);
    expect(await executionsOf(app.applicationId)).toMatchObject({
      [`${app.applicationId}-r1`]: 'SUCCEEDED',
    });
    expect(await mailsTo(app.contact, (m) => m.subject.includes('er godkjent'))).toHaveLength(1);
  });

  it("during year 1's and year 2's payment steps: each year is resumed the next day and paid", async () => {
    const start = await localNow(stack.baseUrl);
    const app = await submitted('5601');
    const request = await newestMailTo(REVIEWER, app.applicationId, 'decisions');
    expect(
      (await postForm(linksIn(request, 'decisions')[0]!, { decision: 'approve', comment: '' }))
        .status,
    ).toBe(200);
    const plan = await eventually(() => grantOf(app.statusUrl), 'the grant');
    const [due1, due2] = plan.instalments.map((i) => i.dueDate);

    // Year 1 starts at the next run; "Await payment" cannot mail "scheduled" and stops.
    const firstRun = nextDate(start);
    await outageAroundRun(firstRun);
    await advance(stack.baseUrl, noonOslo(firstRun));
    expect(await executionsOf(`${app.applicationId}-y1`)).toEqual({
      [`${app.applicationId}-y1`]: 'FAILED',
    });
    // The next run resumes it: the municipality hears what will be paid.
    expect(runErrors(await advance(stack.baseUrl, noonOslo(firstRun, 1)))).toEqual([]);
    await eventually(
      async () =>
        (await mailsTo(app.contact, (m) => m.subject.startsWith('Utbetaling av tilskudd, år 1')))
          .length === 1,
      'the year 1 "scheduled" e-mail',
    );
    await payOn(due1!);
    await instalment(app.statusUrl, 1, 'PAID');
    await eventually(
      async () =>
        (await mailsTo(app.contact, (m) => m.subject.startsWith('Tilskudd utbetalt, år 1')))
          .length === 1,
      'the year 1 "paid" e-mail',
    );

    // Year 2 starts 30 days before its due date; "Request confirmation" stops in the outage.
    const y2Start = nextDate(new Date(`${due2}T12:00:00Z`), -30);
    await outageAroundRun(y2Start);
    await advance(stack.baseUrl, noonOslo(y2Start));
    expect(await executionsOf(`${app.applicationId}-y2`)).toEqual({
      [`${app.applicationId}-y2`]: 'FAILED',
    });
    expect(runErrors(await advance(stack.baseUrl, noonOslo(y2Start, 1)))).toEqual([]);
    const confirmation = await newestMailTo(app.contact, app.applicationId, 'confirmations');
    expect(
      (
        await postForm(linksIn(confirmation, 'confirmations')[0]!, {
          status: 'continuing',
          employmentModel: 'salaried',
          listSize: '650',
        })
      ).status,
    ).toBe(200);
    await payOn(due2!);
    await instalment(app.statusUrl, 2, 'PAID');
    await eventually(
      async () =>
        (await mailsTo(app.contact, (m) => m.subject.startsWith('Tilskudd utbetalt, år 2')))
          .length === 1,
      'the year 2 "paid" e-mail',
    );

    expect(await executionsOf(`${app.applicationId}-y`)).toEqual({
      [`${app.applicationId}-y1`]: 'FAILED',
      [`${app.applicationId}-y1-r1`]: 'SUCCEEDED',
      [`${app.applicationId}-y2`]: 'FAILED',
      [`${app.applicationId}-y2-r1`]: 'SUCCEEDED',
    });
    // Still ACTIVE, for a reason: years 3 to 5 are to come.
    const grant = (await grantOf(app.statusUrl))!;
    expect(grant.status).toBe('ACTIVE');
    expect(grant.instalments.map((i) => i.status)).toEqual([
      'PAID',
      'PAID',
      'SCHEDULED',
      'SCHEDULED',
      'SCHEDULED',
    ]);
  });
});

/** Moves to the due date's run, then pays finance's newest notification in full. */
async function payOn(due: string) {
  expect(runErrors(await advance(stack.baseUrl, noonOslo(due)))).toEqual([]);
  const notification = await eventually(
    async () =>
      (
        await mailsTo(
          'okonomi@alis-nord.example.no',
          (m) => linksIn(m, 'payments').length > 0 && m.attachments.length > 0,
        )
      ).at(-1),
    'a finance notification',
  );
  const answer = await postForm(linksIn(notification, 'payments')[0]!, { paidOn: due });
  expect([200, 409]).toContain(answer.status);
}

async function instalment(statusUrl: string, year: number, status: string) {
  return eventually(async () => {
    const found = (await grantOf(statusUrl))?.instalments.find((i) => i.year === year);
    return found?.status === status ? found : undefined;
  }, `year ${year} ${status}`);
}
