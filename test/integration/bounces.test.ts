// Mail that bounces and the business metrics, through the running local stack: POST /_local/bounce
// hands the mailEvents function SES's event for the latest e-mail to an address. A reviewer's
// bounce reaches the lead and stops the reviewer's mail; a contact's shows on the staff page. The
// submission and the decision print their figures as EMF lines in the functions' log.

import { businessNamespace } from '../../shared/metric-names.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  eventually,
  linksIn,
  mail,
  mailsMatching,
  postForm,
  postJson,
  submit,
} from '../support/api.js';
import { startLocalStack } from '../support/local-stack.js';

const LEAD = 'leder@alis-nord.example.no';
const BOUNCING = 'fagrad1@alis-nord.example.no';
const OTHER_REVIEWER = 'fagrad2@alis-nord.example.no';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function applyAs(municipalityNumber: string, contact: string) {
  const body = structuredClone(FIXTURES['alis-nord']);
  body.municipality.municipalityNumber = municipalityNumber;
  body.contact.email = contact;
  const answer = await submit(stack.baseUrl, body);
  expect(answer.status).toBe(201);
  return answer.body as { applicationId: string };
}

const reviewRequestTo =
  (reviewer: string, applicationId: string) => (m: { to: string[]; text: string }) =>
    m.to.includes(reviewer) && m.text.includes(applicationId) && m.text.includes('/decisions/');

async function bounce(email: unknown) {
  return postJson(`${stack.baseUrl}/_local/bounce`, { email });
}

/** The EMF lines the functions printed: CloudWatch's metrics from the log. */
function metricLines(): Record<string, any>[] {
  return stack
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

describe('mail that bounces', () => {
  let first: { applicationId: string };

  it("a reviewer's bounce reaches the lead, and the reviewer gets no more mail", async () => {
    first = await applyAs('5601', 'retur-kontakt@kommune.example.no');
    await mailsMatching(stack.baseUrl, reviewRequestTo(BOUNCING, first.applicationId));

    const answer = await bounce(BOUNCING);
    expect(answer).toMatchObject({ status: 200, body: { outcomes: ['marked'] } });
    const [told] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(LEAD) && m.subject === `E-post til ${BOUNCING} når ikke fram`,
    );
    expect(told!.text).toContain('medlem av fagrådet i ALIS-Nord');
    // Again (SES delivers at least once): marked and told once.
    expect((await bounce(BOUNCING)).body).toEqual({ outcomes: ['already-marked'] });

    const second = await applyAs('5603', 'retur-kontakt2@kommune.example.no');
    await mailsMatching(stack.baseUrl, reviewRequestTo(OTHER_REVIEWER, second.applicationId));
    const all = await mail(stack.baseUrl);
    expect(all.filter(reviewRequestTo(BOUNCING, second.applicationId))).toEqual([]);
    expect(all.filter((m) => m.subject === `E-post til ${BOUNCING} når ikke fram`)).toHaveLength(1);
  });

  it("a contact's bounce shows on the application's staff page", async () => {
    // The other reviewer decides, so the contact is mailed the approval too.
    const [request] = await mailsMatching(
      stack.baseUrl,
      reviewRequestTo(OTHER_REVIEWER, first.applicationId),
    );
    const decided = await postForm(linksIn(request!, 'decisions')[0]!, {
      decision: 'approve',
      comment: '',
    });
    expect(decided.status).toBe(200);

    expect((await bounce('RETUR-kontakt@kommune.example.no')).body).toEqual({
      outcomes: ['marked'],
    });
    const [told] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(LEAD) && m.subject.includes(`(søknad ${first.applicationId})`),
    );
    expect(told!.subject).toContain('kontaktpersonen for');

    // The lead signs in and opens the application.
    expect((await postForm(`${stack.baseUrl}/staff/login`, { email: LEAD })).status).toBe(200);
    const [signIn] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(LEAD) && linksIn(m, 'staff/signin').length > 0,
    );
    const signedIn = await postForm(linksIn(signIn!, 'staff/signin')[0]!, {});
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await fetch(`${stack.baseUrl}/staff/applications/${first.applicationId}`, {
      headers: { cookie },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="contact-undeliverable"');
    expect(html).toContain('retur-kontakt@kommune.example.no');
    expect(html).toContain('«Endre kontaktperson»');
  });

  it('refuses a body that names no address, of any JSON type', async () => {
    for (const body of [null, 42, 'x', [], {}, { email: 7 }, { email: 'ikke en adresse' }]) {
      const answer = await postJson(`${stack.baseUrl}/_local/bounce`, JSON.stringify(body));
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('metrics', () => {
  it('a submission and a decision print their figures as EMF lines, by programme only', async () => {
    const lines = await eventually(async () => {
      const found = metricLines();
      return found.some((l) => l.Decisions === 1) ? found : undefined;
    }, 'the decision figure');
    const submitted = lines.filter((l) => l.ApplicationsSubmitted === 1);
    expect(submitted.length).toBeGreaterThanOrEqual(2);
    expect(submitted[0]!._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: businessNamespace('local'),
      Dimensions: [['service', 'programme']],
      Metrics: [{ Name: 'ApplicationsSubmitted', Unit: 'Count' }],
    });
    const decision = lines.find((l) => l.Decisions === 1)!;
    expect(decision).toMatchObject({ programme: 'alis-nord', outcome: 'approve' });
    // No person, municipality or application in any figure.
    for (const line of lines) {
      expect(Object.keys(line).sort()).not.toContain('applicationId');
      expect(JSON.stringify(line)).not.toMatch(/@|AN-20/);
    }
  });
});
