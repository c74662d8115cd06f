// What the functions log, through the local stack: structured JSON lines that name the application,
// and never a capability. Drives a submission, a decision and a request for changes, collects every
// link token the e-mails carried and the status secret, and looks for each in everything printed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  eventually,
  executions,
  linksIn,
  mail,
  mailsMatching,
  postForm,
  postJson,
  statusOf,
  submit,
} from '../support/api.js';
import { startLocalStack } from '../support/local-stack.js';

const REVIEWERS = ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'];

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
  const response = await submit(stack.baseUrl, body);
  expect(response.status).toBe(201);
  return response.body as { applicationId: string; statusUrl: string };
}

async function decisionLinksOf(applicationId: string) {
  const requests = await mailsMatching(
    stack.baseUrl,
    (m) => REVIEWERS.includes(m.to[0]!) && m.text.includes(applicationId),
    2,
    'review requests',
  );
  return requests.flatMap((m) => linksIn(m, 'decisions'));
}

async function waitForStatus(statusUrl: string, status: string) {
  // An approval's grant is written right after it, and the status follows it to ACTIVE.
  const accepted = status === 'APPROVED' ? ['APPROVED', 'ACTIVE'] : [status];
  await eventually(
    async () => accepted.includes((await statusOf(statusUrl)).status),
    `status ${status}`,
  );
}

/** The structured lines of the functions' logger in what the stack printed. */
function loggedLines(): Record<string, unknown>[] {
  return stack
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.service === 'alis-grants');
}

describe('the logs', () => {
  it('are JSON lines naming the application, and never hold a link token, the status secret, a task token or a staff session', async () => {
    // One application approved, one sent back for changes and then amended.
    const approved = await applyAs('5601', 'logg1@kommune.example.no');
    const [approveLink] = await decisionLinksOf(approved.applicationId);
    expect((await postForm(approveLink!, { decision: 'approve', comment: '' })).status).toBe(200);
    await waitForStatus(approved.statusUrl, 'APPROVED');

    const amended = await applyAs('5603', 'logg2@kommune.example.no');
    const [changesLink] = await decisionLinksOf(amended.applicationId);
    const asked = await postForm(changesLink!, {
      decision: 'request-changes',
      comment: 'Beskriv bakvakt bedre.',
    });
    expect(asked.status).toBe(200);
    const [request] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes('logg2@kommune.example.no') && linksIn(m, 'amend').length > 0,
      1,
      'change request',
    );
    const amendLink = linksIn(request!, 'amend')[0]!;
    const body = structuredClone(FIXTURES['alis-nord']);
    body.municipality.municipalityNumber = '5603';
    body.contact.email = 'logg2@kommune.example.no';
    expect((await postJson(amendLink, body)).status).toBe(200);
    await waitForStatus(amended.statusUrl, 'IN_REVIEW');
    await decisionLinksOf(amended.applicationId); // the second round's e-mails have gone out
    await eventually(
      async () =>
        (await executions(stack.baseUrl)).some(
          (e) => e.name === approved.applicationId && e.status === 'SUCCEEDED',
        ),
      'the approved review to end',
    );

    // A staff member signs in: the link's token and the session's id are capabilities too.
    expect(
      (await postForm(`${stack.baseUrl}/staff/login`, { email: 'leder@alis-nord.example.no' }))
        .status,
    ).toBe(200);
    const [signInMail] = await mailsMatching(
      stack.baseUrl,
      (m) => linksIn(m, 'staff/signin').length > 0,
      1,
      'sign-in link',
    );
    const signedIn = await postForm(linksIn(signInMail!, 'staff/signin')[0]!, {});
    expect(signedIn.status).toBe(303);
    const sessionId = /alis_staff=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!;
    const dashboard = await fetch(`${stack.baseUrl}/staff`, {
      headers: { cookie: `alis_staff=${sessionId}` },
    });
    expect(dashboard.status).toBe(200);

    // Every capability that went out: link tokens from every e-mail, the status tokens, the session.
    const capabilities = new Set<string>([sessionId]);
    for (const sent of await mail(stack.baseUrl)) {
      for (const path of ['decisions', 'amend', 'status', 'staff/signin']) {
        for (const link of linksIn(sent, path)) capabilities.add(link.split('/').at(-1)!);
      }
    }
    for (const { statusUrl } of [approved, amended]) {
      const token = statusUrl.split('/').at(-1)!;
      capabilities.add(token);
      capabilities.add(token.slice(token.indexOf('.') + 1)); // the secret on its own
    }
    expect(capabilities.size).toBeGreaterThanOrEqual(10);
    const output = stack.output();
    for (const capability of capabilities) expect(output).not.toContain(capability);
    // Task tokens are never logged either; in the local stack they are named so.
    expect(output).not.toMatch(/"taskToken"/);

    const lines = loggedLines();
    for (const applicationId of [approved.applicationId, amended.applicationId]) {
      const own = lines.filter((line) => line.applicationId === applicationId);
      const messages = own.map((line) => line.message);
      expect(messages).toEqual(
        expect.arrayContaining(['application submitted', 'review requested', 'decision recorded']),
      );
      // The Lambda context of each invocation: its request id and whether it was a cold start.
      for (const line of own.filter((l) => l.message !== 'application submitted')) {
        expect(line).toMatchObject({
          level: expect.any(String),
          function_request_id: expect.any(String),
          cold_start: expect.any(Boolean),
        });
      }
    }
    expect(
      lines.filter((l) => l.applicationId === amended.applicationId).map((l) => l.message),
    ).toEqual(expect.arrayContaining(['changes requested', 'application amended']));
  });

  it('keep concurrent invocations apart: each line names its own function, request and application', async () => {
    // The local stack runs every function's invocations in one process, at once.
    const municipalities = ['5605', '5607', '5610', '5612', '5614', '5616', '5618', '5620'];
    const submitted = await Promise.all(
      municipalities.map((number, i) => applyAs(number, `samtidig${i}@kommune.example.no`)),
    );
    for (const { applicationId } of submitted) await decisionLinksOf(applicationId);

    const ids = new Set(submitted.map((s) => s.applicationId));
    const ownFunction: Record<string, RegExp> = {
      'application submitted': /^WebFunction/,
      // Each contact confirms through the receipt's verify link, a web request too.
      'contact confirmed': /^WebFunction/,
      'municipality notified': /^NotifyMunicipalityFunction/,
      'review requested': /^RequestReviewFunction/,
    };
    const lines = loggedLines().filter((line) => ids.has(line.applicationId as string));
    expect(new Set(lines.map((line) => line.message))).toEqual(new Set(Object.keys(ownFunction)));
    const misnamed = lines.filter(
      (line) => !ownFunction[line.message as string]!.test(String(line.function_name)),
    );
    expect(misnamed).toEqual([]);
    // One line per invocation here; a request id shared by two applications would be a mix-up.
    expect(new Set(lines.map((line) => line.function_request_id)).size).toBe(lines.length);
  });
});
