// What the files that drive an ALIS-Nord grant's positions through their years on a local stack
// share (test/integration/positions*.test.ts): approvals of applications with several positions,
// the status page's view of each position's plan, the e-mails and their links, finance's
// notifications with their CSV rows, all as the municipality, reviewers and finance would see them.

import { expect } from 'vitest';
import {
  FIXTURES,
  eventually,
  linksIn,
  localNow,
  mail,
  postForm,
  statusOf,
  submit,
  type LocalMail,
} from './api.js';

export interface PositionView {
  position: number;
  status: string;
  startDate?: string;
  years: number;
}
export interface GrantView {
  status: string;
  positions: PositionView[];
  instalments: { position: number; year: number; dueDate: string; status: string }[];
}
export interface Granted {
  applicationId: string;
  statusUrl: string;
  contact: string;
}

export const FINANCE = 'okonomi@alis-nord.example.no';
export const LEAD = 'leder@alis-nord.example.no';
export const ROUND = 'alis-nord-2027';
export const CONTINUING = { status: 'continuing', employmentModel: 'salaried', listSize: '650' };

export const yearIs = (position: number, year: number, status: string) => (grant: GrantView) =>
  grant.instalments.some((i) => i.position === position && i.year === year && i.status === status);

/** Noon in Oslo on a calendar date, some days on: after that day's 06:00 run. */
export function noonOslo(date: string, days = 0): string {
  return new Date(Date.parse(`${date}T11:00:00Z`) + days * 86_400_000).toISOString();
}

/** Every row of a finance e-mail's CSV, by its header. */
export function rowsOf(notification: LocalMail): Record<string, string>[] {
  const attachment = notification.attachments.find((a) => a.filename.endsWith('.csv'))!;
  const [header, ...lines] = Buffer.from(attachment.content, 'base64')
    .toString('utf8')
    .slice(1)
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(';'));
  // The last line is the totals.
  return lines
    .slice(0, -1)
    .map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
}

/** The helpers, bound to one stack's base URL. */
export function grantPositions(baseUrl: () => string) {
  let counter = 0;

  async function approved(
    municipalityNumber: string,
    positions: { candidate: Record<string, unknown> }[],
  ): Promise<Granted> {
    const body = structuredClone(FIXTURES['alis-nord']) as Record<string, any>;
    delete body.positionsRequested;
    delete body.candidate;
    body.positions = positions;
    body.municipality.municipalityNumber = municipalityNumber;
    body.contact.email = `stilling${++counter}@kommune.example.no`;
    const submitted = await submit(baseUrl(), body);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const { applicationId, statusUrl } = submitted.body as Granted;
    const request = await newest(
      (m) => m.to.includes('fagrad1@alis-nord.example.no') && m.text.includes(applicationId),
      'decisions',
    );
    const decided = await postForm(linksIn(request, 'decisions')[0]!, {
      decision: 'approve',
      comment: 'Godkjent.',
    });
    expect(decided.status).toBe(200);
    const granted = { applicationId, statusUrl, contact: body.contact.email };
    await grantOf(granted);
    return granted;
  }

  async function grantOf(app: Granted, status?: string): Promise<GrantView> {
    return eventually(
      async () => {
        const grant = ((await statusOf(app.statusUrl)) as unknown as { grant?: GrantView }).grant;
        return grant && (!status || grant.status === status) ? grant : undefined;
      },
      `the grant of ${app.applicationId} ${status ?? ''}`,
    );
  }

  async function until(app: Granted, what: string, test: (grant: GrantView) => boolean) {
    return eventually(async () => {
      const grant = await grantOf(app);
      return test(grant) ? grant : undefined;
    }, `${app.applicationId}: ${what}`);
  }

  /** The newest e-mail that matches, with a link under `path`. */
  async function newest(match: (m: LocalMail) => boolean, path: string): Promise<LocalMail> {
    return eventually(
      async () =>
        (await mail(baseUrl())).filter((m) => match(m) && linksIn(m, path).length > 0).at(-1),
      `an e-mail with a ${path} link`,
    );
  }

  async function mailsTo(to: string, match: (m: LocalMail) => boolean = () => true) {
    return (await mail(baseUrl())).filter((m) => m.to.includes(to) && match(m));
  }

  async function today(): Promise<string> {
    return (await localNow(baseUrl())).toISOString().slice(0, 10);
  }

  const financeMails = () =>
    mailsTo(FINANCE, (m) => linksIn(m, 'payments').length > 0 && m.attachments.length > 0);

  /** Pays every row of the newest finance notification, dated today. */
  async function payNewest(): Promise<void> {
    const notification = (await financeMails()).at(-1)!;
    const paid = await postForm(linksIn(notification, 'payments')[0]!, { paidOn: await today() });
    expect(paid.status).toBe(200);
  }

  /** The confirmation request e-mail for an application's position-year(s), newest first. */
  function confirmationRequest(app: Granted, yearText: string) {
    return newest(
      (m) =>
        m.to.includes(app.contact) &&
        m.subject.includes(app.applicationId) &&
        m.subject.includes(yearText),
      'confirmations',
    );
  }

  /**
   * Each position-year in finance's notifications so far, by application: "<position> <year>",
   * sorted. Checks on the way that each is in one notification only (an e-mail repeats only as
   * itself, with the same notification id).
   */
  async function notifiedOnce(): Promise<(app: Granted) => string[]> {
    const owner = new Map<string, string>();
    for (const notification of await financeMails()) {
      for (const row of rowsOf(notification)) {
        const key = `${row['Søknads-ID']} ${row.Stilling} ${row.År!.split(' ')[0]}`;
        expect(owner.get(key) ?? row['Varsel-ID'], key).toBe(row['Varsel-ID']);
        owner.set(key, row['Varsel-ID']!);
      }
    }
    return (app) =>
      [...owner.keys()]
        .filter((key) => key.startsWith(`${app.applicationId} `))
        .map((key) => key.slice(app.applicationId.length + 1))
        .sort();
  }

  return {
    approved,
    grantOf,
    until,
    newest,
    mailsTo,
    today,
    financeMails,
    payNewest,
    confirmationRequest,
    notifiedOnce,
  };
}
