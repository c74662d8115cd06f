// What the files that drive grants through their years on a local stack share
// (test/integration/payments*.test.ts): approvals through the reviewers' e-mailed links, the
// status page's view of a grant, the municipality's yearly confirmations, finance's notifications
// with their CSV, and the payments finance records, all by the e-mails and links the system sent.

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

export type Programme = 'alis-nord' | 'alis-vest';

export interface GrantView {
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

export interface Granted {
  applicationId: string;
  statusUrl: string;
  contact: string;
  programme: Programme;
}

export const FINANCE = {
  'alis-nord': 'okonomi@alis-nord.example.no',
  'alis-vest': 'okonomi@alis-vest.example.no',
};
export const LEAD = {
  'alis-nord': 'leder@alis-nord.example.no',
  'alis-vest': 'leder@alis-vest.example.no',
};

export const EMPLOYED_FROM_START = { kind: 'employed-doctor', monthsCompleted: 0 };

export const CONTINUING = { status: 'continuing', employmentModel: 'salaried', listSize: '650' };

/** Noon in Oslo on a calendar date, a few days on: after that day's 06:00 run, in any season. */
export function noonOslo(date: string, days = 0): string {
  const day = new Date(`${date}T11:00:00Z`);
  return new Date(day.getTime() + days * 86_400_000).toISOString();
}

/** The CSV of a finance notification, parsed: header, lines, totals. */
export function csvOf(notification: LocalMail): string[][] {
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

/** The helpers, bound to one stack's base URL. */
export function grantYears(baseUrl: () => string) {
  let counter = 0;

  /** Submits a fixture from its own municipality and contact; the first reviewer approves it. */
  async function approved(
    programme: Programme,
    municipalityNumber: string,
    fields: Record<string, string> = {},
  ): Promise<Granted> {
    const body = structuredClone(FIXTURES[programme]) as Record<string, any>;
    body.municipality.municipalityNumber = municipalityNumber;
    if (programme === 'alis-vest') body.municipality.region = 'helse-stavanger';
    body.contact.email = `kontakt${++counter}@kommune.example.no`;
    // A doctor already employed, at the start of training: paid five years from the month after
    // the decision (a new position waits for its start first: test/integration/positions.test.ts).
    if (programme === 'alis-nord') body.candidate = EMPLOYED_FROM_START;
    const submitted = await submit(baseUrl(), body);
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
      const found = (await mail(baseUrl())).filter(
        (m) => m.to.includes(to) && m.text.includes(about) && linksIn(m, path).length > 0,
      );
      return found.at(-1);
    }, `an e-mail to ${to} with a ${path} link`);
  }

  async function mailsTo(to: string, predicate: (m: LocalMail) => boolean = () => true) {
    return (await mail(baseUrl())).filter((m) => m.to.includes(to) && predicate(m));
  }

  /** The local clock's date (it stands at noon in Oslo here, so the UTC date is Oslo's). */
  async function today(): Promise<string> {
    return (await localNow(baseUrl())).toISOString().slice(0, 10);
  }

  function financeMails(programme: Programme) {
    return mailsTo(
      FINANCE[programme],
      (m) => linksIn(m, 'payments').length > 0 && m.attachments.length > 0,
    );
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
    const answer = await fetch(`${baseUrl()}/_local/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    expect(answer.status).toBe(200);
  }

  return {
    approved,
    grantOf,
    instalmentStatus,
    mailTo,
    mailsTo,
    today,
    financeMails,
    pay,
    confirmYear,
    setFault,
  };
}
