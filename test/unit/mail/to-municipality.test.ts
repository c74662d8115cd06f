import { describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import {
  approvedMessage,
  changesRequestedMessage,
  receiptMessage,
  rejectedMessage,
  withdrawnMessage,
  type MunicipalityMailBase,
} from '../../../shared/mail/to-municipality.js';
import { BASE, EVIL, expectEscaped, expectWellFormed, sampleLetterInMail } from './support.js';

const ID = 'AV-2026-ABCDEFGH';

/** ALIS-Vest for two positions at the maximum, a doctor 14 months in: four years. */
const VEST_PLAN = {
  startDate: '2027-01-01',
  years: 4,
  yearlyAmountPerPosition: 200_000,
  egenandelPerPosition: 50_000,
  instalments: [1, 2, 3, 4].map((year) => ({
    position: 1,
    years: 4,
    year,
    dueDate: `${2026 + year}-01-01`,
    grant: 400_000,
    egenandel: 100_000,
    net: 300_000,
  })),
};

/** A lead other than the seed's, as the staff register may hold after a change. */
const LEAD = 'kari.nordmann@alis-vest.example.no';

function messages(municipalityName: string, text: string) {
  const base: MunicipalityMailBase = {
    programme: PROGRAMMES['alis-vest'],
    lead: LEAD,
    applicationId: ID,
    municipalityName,
  };
  return {
    receipt: receiptMessage({ ...base, statusUrl: `${BASE}/status/s3cret` }),
    approved: approvedMessage({ ...base, positions: 2, comment: text, plan: VEST_PLAN }),
    rejected: rejectedMessage({
      ...base,
      letter: sampleLetterInMail(text, municipalityName, ID, LEAD),
    }),
    changesRequested: changesRequestedMessage({
      ...base,
      comment: text,
      amendUrl: `${BASE}/amend/t0ken`,
      deadline: '2026-12-03T09:15:00Z',
    }),
    withdrawn: withdrawnMessage(base),
  };
}

describe('e-mails to the municipality', () => {
  const plain = messages('Masfjorden kommune', 'Beskriv bakvakten bedre.');

  it.each(Object.entries(plain))('%s is a whole mail in both parts', (_name, mail) => {
    expectWellFormed(mail, ID);
    expect(mail.text).toContain('Masfjorden kommune');
    // The lead the sending service passed in (the register's), not the configured seed's.
    expect(mail.text).toContain(`prosjektleder: ${LEAD}`);
    expect(mail.text).not.toContain(PROGRAMMES['alis-vest'].people.lead);
    expect(mail.replyTo).toEqual([LEAD]);
  });

  it('puts the private links in both parts', () => {
    expect(plain.receipt.text).toContain(`${BASE}/status/s3cret`);
    expect(plain.receipt.html).toContain(`href="${BASE}/status/s3cret"`);
    expect(plain.changesRequested.text).toContain(`${BASE}/amend/t0ken`);
    expect(plain.changesRequested.html).toContain(`href="${BASE}/amend/t0ken"`);
  });

  it('states the amount the decision fixed, with no "inntil", in Norwegian kroner', () => {
    expect(plain.approved.text).toMatch(/Tilskudd per stilling per år: 200\s000\skr/);
    expect(plain.approved.text).not.toContain('inntil');
    expect(plain.approved.text).toMatch(/Egenandel per stilling per år: 50\s000\skr/);
    expect(plain.approved.text).toMatch(/Til utbetaling i alt: 1\s200\s000\skr/);
    expect(plain.approved.text).toContain('> Beskriv bakvakten bedre.');
  });

  it("states ALIS-Nord's grant as an amount", () => {
    const nord = approvedMessage({
      programme: PROGRAMMES['alis-nord'],
      lead: PROGRAMMES['alis-nord'].people.lead,
      applicationId: 'AN-2026-ABCDEFGH',
      municipalityName: 'Vardø kommune',
      positions: 1,
      plan: {
        startDate: '2027-02-01',
        years: 5,
        yearlyAmountPerPosition: 200_000,
        egenandelPerPosition: 0,
        instalments: [1, 2, 3, 4, 5].map((year) => ({
          position: 1,
          years: 5,
          year,
          dueDate: `${2026 + year}-02-01`,
          grant: 200_000,
          egenandel: 0,
          net: 200_000,
        })),
      },
    });
    expect(nord.text).toMatch(/Til utbetaling i alt: 1\s000\s000\skr/);
    expect(nord.text).toMatch(/År 5 av 5, 1\. februar 2031: 200\s000\skr til utbetaling/);
    expect(nord.text).not.toMatch(/egenandel/i);
    expect(nord.text).not.toContain('inntil');
    expect(nord.text).not.toContain('Kommentar fra fagrådet');
    expect(nord.text).toContain(PROGRAMMES['alis-nord'].people.lead);
  });

  it('says who takes a stand on the changed application, and by when', () => {
    expect(plain.changesRequested.text).toContain('før fagrådet kan ta stilling til den');
    expect(plain.changesRequested.text).toContain(
      'Send den endrede søknaden innen 3. desember 2026',
    );
  });

  it.each(Object.entries(messages(EVIL, EVIL)))(
    '%s escapes every value in the HTML part and keeps the subject on one line',
    (_name, mail) => expectEscaped(mail),
  );
});
