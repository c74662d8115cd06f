import { describe, expect, it } from 'vitest';
import { validateApplication, type Application } from '../../../shared/domain/application.js';
import {
  approvedMessage,
  changesRequestedMessage,
  escalationMessage,
  receiptMessage,
  rejectedMessage,
  reviewLinksRenewedMessage,
  reviewReminderMessage,
  reviewRequestMessage,
  withdrawnMessage,
  type MailContent,
} from '../../../shared/mail/messages.js';
import vest from '../../fixtures/application-alis-vest.json';

const EVIL = '"><script>alert(1)</script><img src=x onerror=alert(2)>\r\nBcc: victim@example.com';
const BASE = 'https://alis.example.no';

function application(): Application {
  const result = validateApplication(vest);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

function poisoned<T>(value: T): T {
  if (typeof value === 'string') return EVIL as T;
  if (Array.isArray(value)) return value.map(poisoned) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v)])) as T;
  return value;
}

const common = {
  applicationId: 'AV-2026-ABCDEFGH',
  programmeName: 'ALIS-Vest',
  municipalityName: 'Masfjorden kommune',
};

function messages(
  values: typeof common,
  app: Application,
  text: string,
): Record<string, MailContent> {
  return {
    receipt: receiptMessage({ ...values, statusUrl: `${BASE}/status/s3cret` }),
    reviewRequest: reviewRequestMessage({
      ...values,
      application: app,
      submittedAt: '2026-11-03T09:15:00Z',
      decisionUrl: `${BASE}/decisions/t0ken`,
      expiresAt: '2026-12-03T09:15:00Z',
    }),
    reviewReminder: reviewReminderMessage({
      ...values,
      decisionUrl: `${BASE}/decisions/t0ken`,
      expiresAt: '2026-12-03T09:15:00Z',
      daysWaiting: 7,
    }),
    reviewLinksRenewed: reviewLinksRenewedMessage({
      ...values,
      decisionUrl: `${BASE}/decisions/t0ken`,
      expiresAt: '2027-01-02T09:15:00Z',
    }),
    escalation: escalationMessage({
      ...values,
      daysWaiting: 14,
      pendingReviewers: ['fagrad2@alis-vest.example.no', text],
    }),
    approved: approvedMessage({
      ...values,
      positions: 2,
      grantPerPositionPerYear: 200_000,
      grantYears: 5,
      comment: text,
    }),
    rejected: rejectedMessage({ ...values, comment: text }),
    changesRequested: changesRequestedMessage({
      ...values,
      comment: text,
      amendUrl: `${BASE}/amend/t0ken`,
      deadline: '2026-12-03T09:15:00Z',
    }),
    withdrawn: withdrawnMessage(values),
  };
}

describe('e-mail messages', () => {
  const plain = messages(common, application(), 'Beskriv bakvakten bedre.');

  it.each(Object.entries(plain))(
    '%s has a subject, a text part and a whole HTML part in bokmål',
    (_name, mail) => {
      expect(mail.subject).toContain('AV-2026-ABCDEFGH');
      expect(mail.text).toContain('AV-2026-ABCDEFGH');
      expect(mail.html.startsWith('<!doctype html><html lang="nb">')).toBe(true);
      expect(mail.html).toContain('AV-2026-ABCDEFGH');
      expect(mail.text).not.toMatch(/<[a-z]/i);
    },
  );

  it('puts the absolute links in both parts', () => {
    expect(plain.receipt!.text).toContain(`${BASE}/status/s3cret`);
    expect(plain.receipt!.html).toContain(`href="${BASE}/status/s3cret"`);
    expect(plain.reviewRequest!.html).toContain(`href="${BASE}/decisions/t0ken"`);
    expect(plain.changesRequested!.text).toContain(`${BASE}/amend/t0ken`);
  });

  it('summarises every content item of the application for the reviewers', () => {
    const { text, html } = plain.reviewRequest!;
    for (const title of [
      'Kommunen',
      'Kontaktperson',
      '1. Rekrutteringssituasjonen',
      '2. Egne listepasienter',
      '3. Daglig veiledning',
      '4. Veileder',
      '5. Bakvakt på legevakt',
      '6. Legesenteret',
      '7. Kommunale oppgaver',
      '8. Vikar- og fraværsordninger',
      '9. Kandidat',
    ]) {
      expect(html).toContain(`>${title}</h2>`);
      expect(text).toContain(title.toUpperCase());
    }
    expect(text).toContain('Bakvakt på interkommunal legevakt i Knarvik.');
    expect(text).toContain('14 måneder');
    expect(text).toContain('Helse Bergen');
  });

  it('states the grant in Norwegian kroner', () => {
    expect(plain.approved!.text).toMatch(/Til sammen: 2\s000\s000\skr/);
  });

  it.each(Object.entries(messages(poisoned(common), poisoned(application()), EVIL)))(
    '%s escapes every value in the HTML part and keeps the subject on one line',
    (_name, mail) => {
      expect(mail.html).not.toMatch(/<script/i);
      expect(mail.html).not.toMatch(/<img/i);
      expect(mail.html).toContain('&lt;script>');
      expect(mail.subject).not.toMatch(/[\r\n]/);
    },
  );
});
