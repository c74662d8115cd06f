// Decision letters and complaints end to end on one local stack: a rejection's letter with every
// element in its e-mail; complaints on day 20 (accepted, then 409) and day 22 (410); the lead
// grants one (back to review, fresh links) and forwards another (the klageinstans gets the case).

import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../support/local-stack.js';
import {
  advance,
  eventually,
  FIXTURES,
  getText,
  linksIn,
  mailsMatching,
  postForm,
  postJson,
  signInAsStaff,
  statusOf,
  submit,
  type LocalMail,
  type StaffSession,
} from '../support/api.js';

const REVIEWERS = ['fagrad1@alis-nord.example.no', 'fagrad2@alis-nord.example.no'];
const LEAD = 'leder@alis-nord.example.no';
const KLAGEINSTANS = 'klagenemnd@alis-nord.example.no';
const COMMENT = 'Kommunen har ikke beskrevet hvem som skal være veileder.';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

interface Case {
  applicationId: string;
  statusUrl: string;
  contact: string;
}

let counter = 0;
async function apply(municipalityNumber: string, positionsRequested = 1): Promise<Case> {
  const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
  body.municipality.municipalityNumber = municipalityNumber;
  body.positionsRequested = positionsRequested;
  body.contact.email = `klager${++counter}@kommune.example.no`;
  const answer = await submit(stack.baseUrl, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { ...answer.body, contact: body.contact.email };
}

function local(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, stack.baseUrl);
}

async function decisionLinks(app: Case, count: number): Promise<string[]> {
  const requests = await mailsMatching(
    stack.baseUrl,
    (m) => REVIEWERS.includes(m.to[0]!) && m.text.includes(app.applicationId),
    count,
    `${count} review requests of ${app.applicationId}`,
  );
  return requests.slice(-2).flatMap((m) => linksIn(m, 'decisions'));
}

async function reject(app: Case): Promise<LocalMail> {
  const [link] = await decisionLinks(app, 2);
  const answer = await postForm(local(link!), { decision: 'reject', comment: COMMENT });
  expect(answer.status).toBe(200);
  const [letter] = await mailsMatching(
    stack.baseUrl,
    (m) => m.to[0] === app.contact && m.subject.includes('avslått'),
    1,
    `the rejection letter of ${app.applicationId}`,
  );
  return letter!;
}

function complaintLink(letter: LocalMail): string {
  return local(linksIn(letter, 'complaints')[0]!);
}

function letterPageLink(letter: LocalMail): string {
  const match = /https?:\/\/[^\s"'<>]+\/letters\/letter-\d+/.exec(letter.text);
  return local(match![0]);
}

/** An Oslo morning n days after the letter's date (10:00 in winter time). */
function dayAfterLetter(letterDate: string, days: number): string {
  const date = new Date(`${letterDate}T09:00:00Z`);
  return new Date(date.getTime() + days * 86_400_000).toISOString();
}

let session: StaffSession | undefined;

/** The lead's session, signed in once: sign-in links go out at most once a minute per address. */
async function signIn(address: string): Promise<StaffSession> {
  session ??= await signInAsStaff(stack.baseUrl, address);
  return session;
}

async function act(
  session: { cookie: string; csrf: string },
  app: Case,
  body: Record<string, unknown>,
) {
  const response = await fetch(`${stack.baseUrl}/staff/applications/${app.applicationId}/actions`, {
    method: 'POST',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('decision letters and complaints', () => {
  let first: Case;
  let late: Case;
  let firstLetter: LocalMail;
  let lateLetter: LocalMail;
  let letterDate: string;

  it('a rejection is a letter with every element the law asks for, in its e-mail', async () => {
    first = await apply('5601');
    late = await apply('5603');
    firstLetter = await reject(first);
    lateLetter = await reject(late);

    const { text, html } = firstLetter;
    const page = await fetch(letterPageLink(firstLetter), {
      headers: { accept: 'application/json' },
    });
    expect(page.status).toBe(200);
    const doc = (await page.json()) as { date: string; id: string };
    letterDate = doc.date;
    expect(doc.id).toBe('letter-1');
    for (const element of [
      'Vedtak om avslag på søknad om ALIS-tilskudd',
      `Saksnummer: ${first.applicationId}`,
      'Fra: Bodø kommune, ALIS-Nord', // the programme owner decides and sends
      'Til: ', // the municipality and its contact
      'har avslått søknaden', // the decision
      COMMENT, // the reasons: the reviewer's comment
      'Regelen som gjelder:', // and the rule that applied
      'HJEMMEL', // the legal basis, configured per programme
      'tre uker', // the deadline, from receiving the letter
      'Klagen sendes til Bodø kommune', // to the body that decided
      'hvilken endring dere ønsker', // what a complaint must contain
      'Klag på vedtaket:', // the complaint link
      'Klagenemnda i Bodø kommune', // who decides a complaint not granted
      KLAGEINSTANS,
      'forvaltningsloven §§ 18 og 19', // the right to see the documents
      LEAD, // the contact for questions
    ])
      expect(text).toContain(element);
    expect(html).toContain(`href="${linksIn(firstLetter, 'complaints')[0]}"`);
    expect((await statusOf(first.statusUrl)).history.map((e) => e.type)).toContain('letter-sent');
  });

  it('the complaint page shows the decision and changes nothing', async () => {
    for (let i = 0; i < 2; i++) {
      const page = await getText(complaintLink(firstLetter));
      expect(page.status).toBe(200);
      expect(page.text).toContain(COMMENT);
      expect(page.text).toContain('name="text"');
    }
    expect((await statusOf(first.statusUrl)).status).toBe('REJECTED');
  });

  it('takes a complaint on day 20, then refuses a second (409); day 22 is too late (410)', async () => {
    await advance(stack.baseUrl, dayAfterLetter(letterDate, 20));
    const filed = await postJson(complaintLink(firstLetter), {
      text: 'Veilederen er Per Hansen, spesialist i allmennmedisin, fra 1. mars.',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toEqual({
      applicationId: first.applicationId,
      letterId: 'letter-1',
      status: 'COMPLAINED',
    });
    const view = await statusOf(first.statusUrl);
    expect(view.status).toBe('COMPLAINED');
    expect(view.history.map((e) => e.type)).toContain('complaint-filed');
    await mailsMatching(
      stack.baseUrl,
      (m) => m.to[0] === first.contact && m.subject.startsWith('Klage mottatt'),
      1,
      'the receipt of the complaint',
    );
    await mailsMatching(
      stack.baseUrl,
      (m) =>
        m.to.includes(LEAD) && m.subject.includes(`Klage på vedtak i sak ${first.applicationId}`),
      1,
      "the lead's news of the complaint",
    );

    const again = await postJson(complaintLink(firstLetter), { text: 'En gang til.' });
    expect(again.status).toBe(409);

    await advance(stack.baseUrl, dayAfterLetter(letterDate, 22));
    const tooLate = await postJson(complaintLink(lateLetter), { text: 'Vi klager.' });
    expect(tooLate.status).toBe(410);
    expect(tooLate.body.errors[0].message).toContain('forvaltningsloven § 31');
    const page = await getText(complaintLink(lateLetter));
    expect(page.status).toBe(410);
    expect(page.text).toContain(LEAD);
    expect((await statusOf(late.statusUrl)).status).toBe('REJECTED');
  });

  it('the lead grants one complaint (back to review, fresh links) and forwards another', async () => {
    // A third case, rejected and complained of on the day, to be forwarded.
    const forwarded = await apply('5605');
    const forwardedLetter = await reject(forwarded);
    expect(
      (await postJson(complaintLink(forwardedLetter), { text: 'Vi er uenige i avslaget.' })).status,
    ).toBe(201);

    const lead = await signIn(LEAD);
    const oldLinks = await decisionLinks(first, 2);
    const granted = await act(lead, first, { action: 'complaint-granted' });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body).toMatchObject({ action: 'complaint-granted', status: 'IN_REVIEW' });
    const fresh = await decisionLinks(first, 4);
    expect(fresh).toHaveLength(2);
    for (const link of fresh) expect(oldLinks).not.toContain(link);
    await eventually(
      async () => (await statusOf(first.statusUrl)).status === 'IN_REVIEW',
      'the application back in review',
    );
    expect(
      (await getText(local(fresh[0]!))).status,
      'a fresh decision link opens the decision page',
    ).toBe(200);
    expect((await act(lead, first, { action: 'complaint-granted' })).status).toBe(409);

    const sent = await act(lead, forwarded, {
      action: 'complaint-forwarded',
      comment: 'Ingen nye opplysninger.',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const [toKlageinstans] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to.includes(KLAGEINSTANS) && m.text.includes(forwarded.applicationId),
      1,
      'the case sent to the klageinstans',
    );
    // The case documents as PDF: the application, the letter and the complaint, with their text.
    const id = forwarded.applicationId;
    const attachments = new Map(toKlageinstans!.attachments.map((a) => [a.filename, a]));
    expect([...attachments.keys()]).toEqual(
      expect.arrayContaining([
        `${id}-application-1.pdf`,
        `${id}-letter-1.pdf`,
        `${id}-complaint-1.pdf`,
      ]),
    );
    for (const a of attachments.values()) expect(a.contentType).toBe('application/pdf');
    const pdfText = async (name: string) => {
      const bytes = new Uint8Array(Buffer.from(attachments.get(name)!.content, 'base64'));
      return (await extractText(await getDocumentProxy(bytes), { mergePages: true })).text;
    };
    expect(await pdfText(`${id}-complaint-1.pdf`)).toContain('Vi er uenige i avslaget.');
    const letterText = await pdfText(`${id}-letter-1.pdf`);
    for (const words of ['tre uker', 'Klagenemnda', 'forvaltningsloven', id]) {
      expect(letterText).toContain(words);
    }
    await mailsMatching(
      stack.baseUrl,
      (m) => m.to[0] === forwarded.contact && m.subject.startsWith('Klagen er sendt'),
      1,
      'the municipality told',
    );
    // Answered: no complaint of the case is open any more.
    expect((await act(lead, forwarded, { action: 'complaint-forwarded' })).status).toBe(409);
    const view = await statusOf(forwarded.statusUrl);
    expect(view.status).toBe('REJECTED');
    expect(view.history.map((e) => e.type)).toContain('complaint-forwarded');
  });

  it('an approval of fewer positions than asked is a letter; a granted complaint raises it', async () => {
    const reduced = await apply('5607', 2);
    const [link] = await decisionLinks(reduced, 2);
    expect(
      (await postForm(local(link!), { decision: 'approve', positionsApproved: '1', comment: '' }))
        .status,
    ).toBe(200);
    const [approval] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to[0] === reduced.contact && m.subject.includes('godkjent'),
      1,
      'the approval with its letter',
    );
    expect(approval!.text).toContain('1 ALIS-stilling av 2 som kommunen søkte om');
    expect(approval!.text).toContain('tre uker');
    expect(
      (await postJson(complaintLink(approval!), { text: 'Vi trenger begge stillingene.' })).status,
    ).toBe(201);
    const view = await statusOf(reduced.statusUrl);
    // The grant goes on while the complaint is read.
    expect(view.status).toBe('COMPLAINED');
    expect((view as unknown as { grant: { positions: unknown[] } }).grant.positions).toHaveLength(
      1,
    );

    const lead = await signIn(LEAD);
    const tooMany = await act(lead, reduced, { action: 'complaint-granted', positionsApproved: 3 });
    expect(tooMany.status).toBe(400);
    const granted = await act(lead, reduced, { action: 'complaint-granted', positionsApproved: 2 });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body).toMatchObject({ positionsApproved: 2, status: 'ACTIVE' });
    const after = (await statusOf(reduced.statusUrl)) as unknown as {
      status: string;
      grant: { positions: { position: number; status: string }[] };
    };
    expect(after.status).toBe('ACTIVE');
    expect(after.grant.positions.map((p) => [p.position, p.status])).toEqual([
      [1, 'AWAITING_START'],
      [2, 'AWAITING_START'],
    ]);
    const [answer] = await mailsMatching(
      stack.baseUrl,
      (m) => m.to[0] === reduced.contact && m.subject.startsWith('Klagen er tatt til følge'),
      1,
      "the municipality told, with the new position's start link",
    );
    expect(linksIn(answer!, 'positions')).toHaveLength(1);
  });
});
