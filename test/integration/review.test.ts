// Review by e-mail link, end to end through the local stack, with the e-mails the system really sent.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  FIXTURES,
  advance,
  mail,
  daysAfter,
  eventually,
  executions,
  getText,
  linksIn,
  mailsMatching,
  postForm,
  postJson,
  statusOf,
  submit,
  type LocalMail,
} from '../support/api.js';

const REVIEWERS = ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'];
const LEAD = 'leder@alis-nord.example.no';

let stack: Awaited<ReturnType<typeof startLocalStack>>;
const started = new Date();

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

interface Submitted {
  applicationId: string;
  statusUrl: string;
  contact: string;
  municipalityNumber: string;
}

let counter = 0;
async function apply(change: (a: any) => void = () => {}): Promise<Submitted> {
  const body = structuredClone(FIXTURES['alis-nord']) as any;
  // Each application its own municipality, so that caps do not interfere between tests.
  const municipalities = [
    '5601',
    '5603',
    '5605',
    '5607',
    '5610',
    '5612',
    '5614',
    '5616',
    '5618',
    '5620',
    '5622',
    '5626',
    '5628',
    '5630',
    '5632',
    '5634',
    '5636',
  ];
  body.municipality.municipalityNumber = municipalities[counter % municipalities.length];
  body.contact.email = `kontakt${++counter}@kommune.example.no`;
  change(body);
  const response = await submit(stack.baseUrl, body);
  expect(response.status).toBe(201);
  return {
    ...response.body,
    contact: body.contact.email,
    municipalityNumber: body.municipality.municipalityNumber,
  };
}

async function reviewRequests(app: Submitted, count = 2): Promise<LocalMail[]> {
  return mailsMatching(
    stack.baseUrl,
    (m) => REVIEWERS.includes(m.to[0]!) && m.text.includes(app.applicationId),
    count,
    'review requests',
  );
}

async function decisionLinks(app: Submitted, count = 2): Promise<string[]> {
  return (await reviewRequests(app, count)).flatMap((m) => linksIn(m, 'decisions'));
}

/** An approval's grant is written right after it, and the status follows it to ACTIVE. */
const APPROVED_OR_ACTIVE = ['APPROVED', 'ACTIVE'];

async function waitForStatus(app: Submitted, status: string) {
  const accepted = status === 'APPROVED' ? APPROVED_OR_ACTIVE : [status];
  return eventually(async () => {
    const view = await statusOf(app.statusUrl);
    return accepted.includes(view.status) ? view : undefined;
  }, `status ${status}`);
}

async function waitForExecution(app: Submitted, status: string) {
  return eventually(
    async () =>
      (await executions(stack.baseUrl)).find(
        (e) => e.name === app.applicationId && e.status === status,
      ),
    `execution ${status}`,
  );
}

function snapshot(app: Submitted) {
  return Promise.all([statusOf(app.statusUrl), executions(stack.baseUrl)]);
}

describe('review by e-mail link', () => {
  it('mails each reviewer their own link; fetching every link of every e-mail changes nothing', async () => {
    const app = await apply();
    const mails = await reviewRequests(app);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(REVIEWERS);
    const links = mails.map((m) => linksIn(m, 'decisions'));
    expect(links.every((l) => l.length === 1)).toBe(true);
    expect(links[0]![0]).not.toBe(links[1]![0]);
    for (const mail of mails) {
      expect(mail.html).toContain('Vadsø');
      expect(mail.text).not.toMatch(/taskToken|AAAA[A-Za-z0-9+/=]{100}/);
    }

    const before = await snapshot(app);
    for (const sent of await mail(stack.baseUrl)) {
      for (const link of linksIn(sent, '[a-z]+')) {
        for (let i = 0; i < 3; i++) await fetch(link, { redirect: 'manual' });
      }
    }
    const after = await snapshot(app);
    expect(after).toEqual(before);
    expect(after[0].status).toBe('IN_REVIEW');

    const page = await getText(links[0]![0]!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(FIXTURES['alis-nord'].recruitmentSituation);
  });

  it('approves: one decision, the other links answer 409, the municipality is told, the workflow ends approved', async () => {
    const app = await apply();
    const [mine, theirs] = await decisionLinks(app);

    const approved = await postForm(mine!, { decision: 'approve', comment: '' });
    expect(approved.status).toBe(200);
    await waitForStatus(app, 'APPROVED');
    await waitForExecution(app, 'SUCCEEDED');

    const again = await postForm(mine!, { decision: 'reject', comment: 'Nei' });
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/fagrad[12]@alis-nord\.example\.no/);
    const other = await postForm(theirs!, { decision: 'reject', comment: 'Nei' });
    expect(other.status).toBe(409);
    expect((await getText(theirs!)).status).toBe(409);

    const [notice] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(app.contact) && /godkj/i.test(m.subject),
      1,
      'approval notice',
    );
    expect(notice!.text).toContain(app.applicationId);
    const history = (await statusOf(app.statusUrl)).history;
    expect(history.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'submitted',
        'review-requested',
        'approved',
        'municipality-notified',
      ]),
    );
    expect(history.find((e) => e.type === 'approved')?.by).toMatch(/fagrad[12]@/);
  });

  it('rejects with a required comment, escaped in the e-mail', async () => {
    const app = await apply();
    const [link] = await decisionLinks(app);

    const missing = await postForm(link!, { decision: 'reject', comment: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('begrunnelse');

    const comment = 'Mangler <b>bakvakt</b> & veileder';
    expect((await postForm(link!, { decision: 'reject', comment })).status).toBe(200);
    await waitForStatus(app, 'REJECTED');
    await waitForExecution(app, 'SUCCEEDED');
    const [notice] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(app.contact) && /avsl/i.test(m.subject),
      1,
      'rejection',
    );
    expect(notice!.text).toContain(comment);
    expect(notice!.html).toContain('Mangler &lt;b>bakvakt&lt;/b> &amp; veileder');
    expect(notice!.html).not.toContain('<b>bakvakt</b>');
  });

  it('requests changes; the amendment returns it to review with fresh links, the old ones are dead', async () => {
    const app = await apply();
    const [first, second] = await decisionLinks(app);
    expect(
      (await postForm(first!, { decision: 'request-changes', comment: 'Beskriv bakvakt bedre.' }))
        .status,
    ).toBe(200);
    await waitForStatus(app, 'CHANGES_REQUESTED');

    const [request] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(app.contact) && linksIn(m, 'amend').length > 0,
      1,
      'change request',
    );
    expect(request!.text).toContain('Beskriv bakvakt bedre.');
    const amendLink = linksIn(request!, 'amend')[0]!;
    const form = await getText(amendLink);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Beskriv bakvakt bedre.');
    expect(form.text).toContain(FIXTURES['alis-nord'].dailySupervision);

    const invalid = await postJson(amendLink, {
      ...FIXTURES['alis-nord'],
      municipality: {
        ...FIXTURES['alis-nord'].municipality,
        municipalityNumber: app.municipalityNumber,
      },
      backupOnCall: '',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toContainEqual(
      expect.objectContaining({ path: 'backupOnCall', code: 'required' }),
    );

    const resubmitted = await postJson(amendLink, {
      ...FIXTURES['alis-nord'],
      municipality: {
        ...FIXTURES['alis-nord'].municipality,
        municipalityNumber: app.municipalityNumber,
      },
      contact: { ...FIXTURES['alis-nord'].contact, email: app.contact },
      backupOnCall: 'Fast bakvakt fra kommuneoverlegen alle vakter.',
    });
    expect(resubmitted.status).toBe(200);
    await waitForStatus(app, 'IN_REVIEW');
    expect((await postJson(amendLink, FIXTURES['alis-nord'])).status).toBe(409);

    const fresh = await eventually(async () => {
      const links = (await reviewRequests(app, 4)).flatMap((m) => linksIn(m, 'decisions'));
      return links.length >= 4 ? links.filter((l) => l !== first && l !== second) : undefined;
    }, 'second round of review requests');
    expect(fresh).toHaveLength(2);
    expect((await postForm(second!, { decision: 'approve' })).status).toBe(409);
    expect((await postForm(fresh[0]!, { decision: 'approve' })).status).toBe(200);
    await waitForStatus(app, 'APPROVED');
    await waitForExecution(app, 'SUCCEEDED');
    const types = (await statusOf(app.statusUrl)).history.map((e) => e.type);
    expect(types.filter((t) => t === 'review-requested')).toHaveLength(2);
    expect(types).toContain('amended');
  });

  it('answers 404 to unknown or tampered links', async () => {
    const app = await apply();
    const [link] = await decisionLinks(app);
    const tampered = link!.slice(0, -2) + (link!.endsWith('AA') ? 'BB' : 'AA');
    expect((await getText(tampered)).status).toBe(404);
    expect((await postForm(tampered, { decision: 'approve' })).status).toBe(404);
    expect((await getText(`${stack.baseUrl}/decisions/not-a-token`)).status).toBe(404);
    expect((await statusOf(app.statusUrl)).status).toBe('IN_REVIEW');
  });

  it('answers 400 to a decision that is no decision, and the link still decides afterwards', async () => {
    const app = await apply();
    const [link] = await decisionLinks(app);
    for (const body of ['null', '[]', '{"decision": "maybe"}']) {
      expect((await postJson(link!, body)).status).toBe(400);
    }
    expect((await postForm(link!, { decision: 'request-changes' })).status).toBe(400);
    expect((await statusOf(app.statusUrl)).status).toBe('IN_REVIEW');
    expect((await postForm(link!, { decision: 'approve' })).status).toBe(200);
  });

  it('lets exactly one of two racing reviewers decide', async () => {
    const app = await apply();
    const [a, b] = await decisionLinks(app);
    const answers = await Promise.all([
      postForm(a!, { decision: 'approve' }),
      postForm(b!, { decision: 'reject', comment: 'Nei takk' }),
      postForm(a!, { decision: 'approve' }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const view = await eventually(async () => {
      const v = await statusOf(app.statusUrl);
      return [...APPROVED_OR_ACTIVE, 'REJECTED'].includes(v.status) ? v : undefined;
    }, 'a decision');
    expect(view.history.filter((e) => e.type === 'approved' || e.type === 'rejected')).toHaveLength(
      1,
    );
    await waitForExecution(app, 'SUCCEEDED');
  });

  it('refuses an approval over the municipality cap, recording nothing', async () => {
    const first = await apply((a) => {
      a.municipality.municipalityNumber = '5624';
      a.positionsRequested = 2;
    });
    const second = await apply((a) => {
      a.municipality.municipalityNumber = '5624';
      a.positionsRequested = 1;
    });
    const [firstLink] = await decisionLinks(first);
    const [secondLink] = await decisionLinks(second);
    expect((await postForm(firstLink!, { decision: 'approve' })).status).toBe(200);

    const refused = await postForm(secondLink!, { decision: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.text).toMatch(/høyst|flere enn 2/);
    const view = await statusOf(second.statusUrl);
    expect(view.status).toBe('IN_REVIEW');
    expect(view.history.map((e) => e.type)).not.toContain('approved');
    // The link is not spent: the reviewer can still reject.
    expect(
      (await postForm(secondLink!, { decision: 'reject', comment: 'Kommunen har nådd grensen.' }))
        .status,
    ).toBe(200);

    const third = await submit(stack.baseUrl, {
      ...FIXTURES['alis-nord'],
      municipality: {
        ...FIXTURES['alis-nord'].municipality,
        municipalityNumber: '5624',
        organisationNumber: FIXTURES['alis-nord'].municipality.organisationNumber,
      },
    });
    expect(third.status).toBe(409);
    expect(third.body.errors[0].code).toBe('municipality-cap');
  });

  it('survives a restart in the middle of a review: the link still decides it', async () => {
    const app = await apply();
    const [link] = await decisionLinks(app);
    await stack.restart();
    const moved = (url: string) => url.replace(/^http:\/\/127\.0\.0\.1:\d+/, stack.baseUrl);
    app.statusUrl = moved(app.statusUrl);
    expect((await postForm(moved(link!), { decision: 'approve' })).status).toBe(200);
    await waitForStatus(app, 'APPROVED');
    await waitForExecution(app, 'SUCCEEDED');
  });

  it('reminds after 7 days, escalates after 14, withdraws unanswered change requests after 30 and expires old links', async () => {
    const waiting = await apply();
    const [oldLink] = await decisionLinks(waiting);
    const changes = await apply();
    const [changesLink] = await decisionLinks(changes);
    expect(
      (await postForm(changesLink!, { decision: 'request-changes', comment: 'Mer om legevakt.' }))
        .status,
    ).toBe(200);
    await waitForStatus(changes, 'CHANGES_REQUESTED');

    await advance(stack.baseUrl, daysAfter(started, 7, 6));
    const reminders = await mailsMatching(
      stack.baseUrl,
      (m) =>
        REVIEWERS.includes(m.to[0]!) &&
        /påminnelse/i.test(m.subject) &&
        m.text.includes(waiting.applicationId),
      2,
      'reminders',
    );
    expect(reminders.every((m) => linksIn(m, 'decisions').length === 1)).toBe(true);
    expect((await mail(stack.baseUrl)).some((m) => m.to.includes(LEAD))).toBe(false);

    await advance(stack.baseUrl, daysAfter(started, 14, 6));
    const [escalation] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(LEAD) && m.text.includes(waiting.applicationId),
      1,
      'escalation',
    );
    expect(escalation!.text).toMatch(/14/);
    const types = (await statusOf(waiting.statusUrl)).history.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['review-reminder-sent', 'review-escalated']));
    expect((await statusOf(waiting.statusUrl)).status).toBe('IN_REVIEW');

    await advance(stack.baseUrl, daysAfter(started, 31, 6));
    await waitForStatus(changes, 'WITHDRAWN');
    await waitForExecution(changes, 'SUCCEEDED');
    await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(changes.contact) && /trukket/i.test(m.subject),
      1,
      'withdrawal notice',
    );

    expect((await getText(oldLink!)).status).toBe(410);
    expect((await postForm(oldLink!, { decision: 'approve' })).status).toBe(410);
    const renewed = await mailsMatching(
      stack.baseUrl,
      (m) => REVIEWERS.includes(m.to[0]!) && m.text.includes(waiting.applicationId),
      6,
      'renewed links',
    );
    const newest = linksIn(renewed.at(-1)!, 'decisions')[0]!;
    expect((await postForm(newest, { decision: 'approve' })).status).toBe(200);
    await waitForStatus(waiting, 'APPROVED');
  });
});
