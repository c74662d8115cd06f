// Retention of personal data through the local stack: an application is rejected (the quickest
// way to conclude a case), the local clock moves past the programme's retention (set to one year
// here, so the clock moves one year of daily runs, not five), and then no personal data of the case
// is left: not in the status JSON, the staff page and JSON, the exports, nor anywhere in the table.
// The privacy and accessibility pages answer, and reading them changes nothing in the table.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advance,
  eventually,
  FIXTURES,
  linksIn,
  localNow,
  mail,
  postForm,
  signInAsStaff,
  statusOf,
  submit,
  type LocalMail,
} from '../support/api.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { scanTable, setRetentionYears } from '../support/local-table.js';

const LEAD = 'leder@alis-nord.example.no';
const SECRET = 'Hemmelig Åsmundsen';
const PERSONAL = {
  name: 'Kari Personvernsen',
  role: 'Kommuneoverlege og Personvernsen-vikar',
  email: 'kari.personvernsen@vadso.example.no',
  phone: '+47 91 23 45 67',
  supervisor: 'Ola Veiledersen',
  specialty: 'Allmennmedisin hos Legesen',
  comment: `Avslått: ${SECRET} er ikke spesialist.`,
};
/** Strings that must be gone from the case once erased (the comment names a person). */
const GONE = [...Object.values(PERSONAL), SECRET];

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ fresh: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.baseUrl}${path}`, { redirect: 'manual', headers });
  return { status: response.status, text: await response.text() };
}

async function signIn(address: string): Promise<string> {
  return (await signInAsStaff(stack.baseUrl, address)).cookie;
}

/** What the staff see of the case: its page, its JSON, and the programme's two exports. */
async function staffViews(applicationId: string): Promise<{ json: any; all: string }> {
  const cookie = await signIn(LEAD);
  const page = await get(`/staff/applications/${applicationId}`, { cookie });
  const json = await get(`/staff/applications/${applicationId}`, {
    cookie,
    accept: 'application/json',
  });
  const applications = await get('/staff/exports/alis-nord/applications.csv', { cookie });
  const audit = await get('/staff/exports/alis-nord/audit.csv', { cookie });
  for (const answer of [page, json, applications, audit]) expect(answer.status).toBe(200);
  return {
    json: JSON.parse(json.text),
    all: [page.text, json.text, applications.text, audit.text].join('\n'),
  };
}

describe('the privacy and accessibility pages', () => {
  it('answer, and reading them writes nothing', async () => {
    // The landing page seeds the programmes' settings, which the pages read.
    expect((await get('/')).status).toBe(200);
    const before = await scanTable(stack);

    const privacy = await get('/personvern');
    const statement = await get('/tilgjengelighet');
    await get('/personvern');

    expect(privacy.status).toBe(200);
    expect(privacy.text).toContain('Bodø kommune er behandlingsansvarlig for ALIS-Nord');
    expect(statement.status).toBe(200);
    expect(statement.text).toContain('Tilgjengelighetserklæring');
    expect(await scanTable(stack)).toEqual(before);
  });
});

describe('a rejected case after the retention', () => {
  let applicationId: string;
  let statusUrl: string;

  it('is rejected, and the staff see the day its personal data will be erased', async () => {
    await setRetentionYears(stack, 'alis-nord', 1);
    const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
    body.contact = {
      name: PERSONAL.name,
      role: PERSONAL.role,
      email: PERSONAL.email,
      phone: PERSONAL.phone,
    };
    body.supervisor.name = PERSONAL.supervisor;
    for (const field of [
      'recruitmentSituation',
      'dailySupervision',
      'backupOnCall',
      'municipalDuties',
      'substituteArrangements',
    ])
      body[field] = `${body[field]} ${SECRET}`;
    body.patientList.description = `${SECRET} har listen.`;
    body.practice.supportStaff.competence = `Sykepleier ${SECRET}`;
    body.practice.doctors = [{ age: 61, specialty: PERSONAL.specialty }];
    const sent = await submit(stack.baseUrl, body, 'retention-1');
    expect(sent.status).toBe(201);
    applicationId = sent.body.applicationId;
    statusUrl = sent.body.statusUrl.replace(/^https?:\/\/[^/]+/, stack.baseUrl);

    const request = await eventually(async () => {
      const found = (await mail(stack.baseUrl)).filter(
        (m: LocalMail) =>
          m.to.includes('fagrad1@alis-nord.example.no') &&
          m.text.includes(applicationId) &&
          linksIn(m, 'decisions').length > 0,
      );
      return found.at(-1);
    }, 'the review request');
    const link = linksIn(request, 'decisions')[0]!.replace(/^https?:\/\/[^/]+/, stack.baseUrl);
    expect((await postForm(link, { decision: 'reject', comment: PERSONAL.comment })).status).toBe(
      200,
    );
    await eventually(
      async () => (await statusOf(statusUrl)).status === 'REJECTED',
      'the rejection',
    );

    // The next daily run schedules the erasure, a year after the Oslo day of the rejection.
    const rejectedOn = await localNow(stack.baseUrl);
    const scheduled = await advance(stack.baseUrl, new Date(rejectedOn.getTime() + 86_400_000));
    expect(scheduled.fired.filter((f) => f.error)).toEqual([]);
    const { json, all } = await staffViews(applicationId);
    const osloDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(
      rejectedOn,
    );
    const eraseOn = `${Number(osloDay.slice(0, 4)) + 1}${osloDay.slice(4)}`;
    expect(json.retention).toMatchObject({ status: 'SCHEDULED', eraseOn });
    expect(all).toContain('Personopplysninger');
    expect(all).toContain(PERSONAL.name);
  });

  it('keeps no personal data: status JSON, staff page and JSON, exports, and the table', async () => {
    const now = await localNow(stack.baseUrl);
    // A year and a day of daily runs: past the erasure day whatever the hour.
    const year = await advance(stack.baseUrl, new Date(now.getTime() + 367 * 86_400_000));
    expect(year.fired.filter((f) => f.error)).toEqual([]);

    const status = await statusOf(statusUrl);
    expect(status.status).toBe('REJECTED');
    expect(status.history.map((h) => h.type)).toContain('personal-data-erased');
    const { json, all } = await staffViews(applicationId);
    expect(json.retention).toMatchObject({ status: 'ERASED' });
    expect(json.application.contact).toEqual({
      name: '[slettet]',
      role: '[slettet]',
      email: '[slettet]',
      phone: '[slettet]',
    });
    expect(json.application.municipality.municipalityNumber).toBe('5607');
    expect(json.decisions[0]).toMatchObject({ decision: 'reject', comment: '[slettet]' });
    const seen = `${JSON.stringify(status)}\n${all}`;
    for (const personal of GONE) expect(seen).not.toContain(personal);
    expect(seen).not.toContain('fagrad1@alis-nord.example.no');

    // Every item of the table, raw. Links keep their holder until DynamoDB's TTL removes them,
    // 180 days after they expire (shared/services/links.ts); DynamoDB Local does not run TTL on the
    // local clock, so a link whose TTL has passed counts as gone.
    const nowEpoch = (await localNow(stack.baseUrl)).getTime() / 1000;
    const items = (await scanTable(stack)).filter(
      (item) => !(String(item.pk).startsWith('LINK#') && Number(item.expiresAtEpoch) < nowEpoch),
    );
    const table = JSON.stringify(items);
    for (const personal of GONE) expect(table).not.toContain(personal);
    const own = JSON.stringify(items.filter((item) => item.pk === `APP#${applicationId}`));
    expect(own).not.toContain('fagrad1@alis-nord.example.no');
    expect(own).not.toContain('"age"');
    expect(own).toContain('"municipalityNumber":"5607"');
  });
});
