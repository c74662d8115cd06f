// A case's documents through one local stack: an application amended once and then rejected has
// both versions as documents, every one a PDF that opens (its text read back, the Sámi letters of
// its contact intact), and, concluded, an archive package whose metadata matches its files; a
// grant paid for its first year has that year's payment notice, and no archive package while it
// runs.

import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advance,
  eventually,
  FIXTURES,
  linksIn,
  mail,
  mailsMatching,
  postForm,
  postJson,
  signInAsStaff,
  statusOf,
  submit,
} from '../support/api.js';
import { startLocalStack } from '../support/local-stack.js';

let stack: Awaited<ReturnType<typeof startLocalStack>>;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const REVIEWER = 'fagrad1@alis-nord.example.no';
const LEAD = 'leder@alis-nord.example.no';
const CONTACT_NAME = 'Áile Ŋuvttá-Čárđá Šŧž';

/** A link from an e-mail, on the stack's own address. */
const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, stack.baseUrl);

let counter = 0;

async function submitted(municipalityNumber: string, candidate?: unknown) {
  const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
  body.municipality.municipalityNumber = municipalityNumber;
  body.contact.email = `dokumenter${++counter}@kommune.example.no`;
  body.contact.name = CONTACT_NAME;
  if (candidate) body.candidate = candidate;
  const answer = await submit(stack.baseUrl, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const { applicationId, statusUrl } = answer.body as { applicationId: string; statusUrl: string };
  return { applicationId, statusUrl: local(statusUrl), body };
}

type Submitted = Awaited<ReturnType<typeof submitted>>;

/** Decides through the newest review request's link (a second round mails fresh links). */
async function decide(app: Submitted, round: number, fields: Record<string, string>) {
  const requests = await mailsMatching(
    stack.baseUrl,
    (m) =>
      m.to.includes(REVIEWER) &&
      m.text.includes(app.applicationId) &&
      linksIn(m, 'decisions').length > 0,
    round,
    `review request ${round} of ${app.applicationId}`,
  );
  const answer = await postForm(local(linksIn(requests.at(-1)!, 'decisions')[0]!), fields);
  expect(answer.status).toBe(200);
}

async function statusIs(app: Submitted, status: string) {
  await eventually(
    async () => (await statusOf(app.statusUrl)).status === status,
    `${app.applicationId} ${status}`,
  );
}

interface Listed {
  documents: { id: string; kind: string; title: string; date: string; url: string }[];
}

async function listed(app: Submitted): Promise<Listed> {
  const response = await fetch(`${app.statusUrl}/documents`, {
    headers: { accept: 'application/json' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Listed;
}

/** A PDF answer: the bytes, checked to be a PDF by its header, and its text as a reader gets it. */
async function pdfAt(url: string, cookie?: string) {
  const response = await fetch(url, { headers: { ...(cookie && { cookie }) } });
  expect(response.status, url).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="[\w.-]+\.pdf"$/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, text: await textOf(bytes) };
}

async function textOf(bytes: Uint8Array): Promise<string> {
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
    mergePages: true,
  });
  return text;
}

/** Signs in through a fresh link (the newest); answers the session cookie. */
async function signIn(address: string): Promise<string> {
  return (await signInAsStaff(stack.baseUrl, address)).cookie;
}

describe('the documents of a case', () => {
  let amended: Submitted;
  let cookie: string;

  it('lists every version of an amended, rejected application, and each opens as a PDF', async () => {
    amended = await submitted('5601');
    await decide(amended, 1, { decision: 'request-changes', comment: 'Beskriv bakvakt bedre.' });
    const [request] = await mailsMatching(
      stack.baseUrl,
      (m) => m.text.includes(amended.applicationId) && linksIn(m, 'amend').length > 0,
      1,
      'the change request',
    );
    const resubmitted = await postJson(local(linksIn(request!, 'amend')[0]!), {
      ...amended.body,
      backupOnCall: 'Fast bakvakt fra kommuneoverlegen på alle vakter.',
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    await statusIs(amended, 'IN_REVIEW');
    await decide(amended, 2, { decision: 'reject', comment: 'Veiledningen er for svak.' });
    await statusIs(amended, 'REJECTED');

    const { documents } = await listed(amended);
    const versions = documents.filter((d) => d.kind === 'application');
    expect(versions.map((d) => [d.id, d.title])).toEqual([
      ['application-1', 'Søknad om ALIS-tilskudd, versjon 1 av 2'],
      ['application-2', 'Søknad om ALIS-tilskudd, versjon 2 av 2'],
    ]);
    for (const document of documents) {
      expect(document.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const { text } = await pdfAt(local(document.url));
      expect(text).toContain(document.title);
      expect(text).toContain(amended.applicationId);
    }
    // Each version as it was sent: the first with the old answer, the second with the new.
    const [first, second] = await Promise.all(versions.map((v) => pdfAt(local(v.url))));
    expect(first!.text).toContain(CONTACT_NAME);
    expect(first!.text).toContain(FIXTURES['alis-nord'].backupOnCall.slice(0, 40));
    expect(second!.text).toContain('Fast bakvakt fra kommuneoverlegen på alle vakter.');

    const page = await fetch(`${amended.statusUrl}/documents`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/documents/application-2`);
    expect(html).toContain('Søknad om ALIS-tilskudd, versjon 2 av 2');
    const unknown = await fetch(`${amended.statusUrl}/documents/application-9`);
    expect(unknown.status).toBe(404);
    const wrongSecret = await fetch(`${amended.statusUrl.slice(0, -3)}xyz/documents`);
    expect(wrongSecret.status).toBe(404);
  });

  it('packs a concluded case for the archive: metadata.json matches its PDFs', async () => {
    cookie = await signIn(LEAD);
    const path = `/staff/applications/${amended.applicationId}`;
    const staffPdf = await pdfAt(`${stack.baseUrl}${path}/documents/application-1`, cookie);
    expect(staffPdf.text).toContain('versjon 1 av 2');

    const response = await fetch(`${stack.baseUrl}${path}/archive`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${amended.applicationId}-arkiv.zip"`,
    );
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const metadata = JSON.parse(Buffer.from(files['metadata.json']!).toString('utf8'));
    expect(metadata.case).toMatchObject({
      caseNumber: amended.applicationId,
      programme: { id: 'alis-nord', name: 'ALIS-Nord' },
      status: 'REJECTED',
    });
    expect(metadata.case.parties).toContainEqual(
      expect.objectContaining({ role: 'applicant', organisationNumber: '944496394' }),
    );
    const listedIds = (await listed(amended)).documents.map((d) => d.id);
    expect(metadata.documents.map((d: { documentId: string }) => d.documentId)).toEqual(listedIds);
    expect(Object.keys(files).sort()).toEqual(
      ['metadata.json', ...metadata.documents.map((d: { fileName: string }) => d.fileName)].sort(),
    );
    for (const entry of metadata.documents) {
      const bytes = files[entry.fileName]!;
      expect(entry.checksum.algorithm).toBe('SHA-256');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.checksum.value);
      expect(entry.sizeBytes).toBe(bytes.length);
      expect(await textOf(bytes)).toContain(entry.title);
    }
  });

  it("has each year's payment notice, and no archive package while the grant runs", async () => {
    const granted = await submitted('5603', { kind: 'employed-doctor', monthsCompleted: 0 });
    await decide(granted, 1, { decision: 'approve', comment: 'God søknad.' });
    const grant = await eventually(async () => {
      const view = (await statusOf(granted.statusUrl)) as { grant?: { startDate: string } };
      return view.grant;
    }, 'the grant');
    // The daily run on the first due date tells finance of year 1.
    await advance(stack.baseUrl, `${grant.startDate}T11:00:00Z`);
    await eventually(
      async () =>
        (await mail(stack.baseUrl)).some(
          (m) =>
            m.subject.startsWith('Utbetalingsvarsel') && m.text.includes(granted.applicationId),
        ),
      'the finance notification',
    );

    const { documents } = await listed(granted);
    expect(documents.map((d) => d.id)).toEqual(['application-1', 'payment-notice-1-1']);
    const notice = documents[1]!;
    expect(notice).toMatchObject({ kind: 'payment-notice', date: grant.startDate });
    const { text } = await pdfAt(local(notice.url));
    expect(text).toContain('Utbetalingsvarsel, stilling 1, år 1 av');
    expect(text).toContain('944496394');

    cookie = await signIn(LEAD);
    const refused = await fetch(
      `${stack.baseUrl}/staff/applications/${granted.applicationId}/archive`,
      { headers: { cookie, accept: 'application/json' } },
    );
    expect(refused.status).toBe(409);
    expect((await refused.json()).errors[0]).toMatchObject({ code: 'not-concluded' });
  });
});
