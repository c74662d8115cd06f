import { describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import {
  reviewLinksRenewedMessage,
  reviewReminderMessage,
  reviewRequestMessage,
} from '../../../shared/mail/to-reviewers.js';
import {
  BASE,
  expectEscaped,
  expectWellFormed,
  poisoned,
  vestApplication,
  type Application,
} from './support.js';

const ID = 'AV-2026-ABCDEFGH';

function messages(application: Application, municipalityName: string) {
  const base = {
    programme: PROGRAMMES['alis-vest'],
    applicationId: ID,
    municipalityName,
    decisionUrl: `${BASE}/decisions/t0ken`,
    expiresAt: '2026-12-03T09:15:00Z',
  };
  return {
    request: reviewRequestMessage({ ...base, application, submittedAt: '2026-11-03T09:15:00Z' }),
    reminder: reviewReminderMessage({ ...base, daysWaiting: 7 }),
    renewed: reviewLinksRenewedMessage({ ...base, expiresAt: '2027-01-02T09:15:00Z' }),
  };
}

describe('e-mails to the reviewers', () => {
  const plain = messages(vestApplication(), 'Masfjorden kommune');

  it.each(Object.entries(plain))('%s is a whole mail with the decision link', (_name, mail) => {
    expectWellFormed(mail, ID);
    expect(mail.subject).toContain('Masfjorden kommune');
    expect(mail.text).toContain(`${BASE}/decisions/t0ken`);
    expect(mail.html).toContain(`href="${BASE}/decisions/t0ken"`);
    expect(mail.text).toContain('ikke send e-posten videre');
  });

  it('summarises every content item of the application, in the programmes’ words', () => {
    const { text, html } = plain.request;
    for (const title of [
      'Kommunen',
      'Kontaktperson',
      '1. Rekrutteringssituasjonen',
      '2. Egne listepasienter',
      '3. Daglig supervisjon',
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
    expect(text).not.toMatch(/daglig veiledning/i);
    expect(text).toContain('Bakvakt på interkommunal legevakt i Knarvik.');
    expect(text).toContain('14 måneder');
    expect(text).toContain('Helse Bergen');
  });

  it('tells how long the application has waited', () => {
    expect(plain.reminder.text).toContain('har ventet på vurdering i 7 dager');
  });

  it('falls back to the application’s municipality name', () => {
    const application = vestApplication();
    const mail = reviewRequestMessage({
      programme: PROGRAMMES['alis-vest'],
      applicationId: ID,
      application,
      submittedAt: '2026-11-03T09:15:00Z',
      decisionUrl: `${BASE}/decisions/t0ken`,
      expiresAt: '2026-12-03T09:15:00Z',
    });
    expect(mail.subject).toBe(`Ny søknad til vurdering: ${application.municipality.name} (${ID})`);
  });

  it.each(Object.entries(messages(poisoned(vestApplication()), poisoned('x'))))(
    '%s escapes every value in the HTML part and keeps the subject on one line',
    (_name, mail) => expectEscaped(mail),
  );
});
