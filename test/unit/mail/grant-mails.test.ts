// The e-mails of a grant's life: the plan in the approval, each year's confirmation request and
// payment notices to the municipality, held years and ended grants to the lead, and the finance
// notification with its CSV.

import { describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import {
  financeNotificationMessage,
  financeReminderMessage,
  grantEndedFinanceMessage,
} from '../../../shared/mail/to-finance.js';
import {
  grantEndedLeadMessage,
  instalmentHeldMessage,
  positionLapsedLeadMessage,
} from '../../../shared/mail/to-lead.js';
import {
  approvedMessage,
  confirmationRequestMessage,
  grantEndedMessage,
  paidMessage,
  paymentScheduledMessage,
  positionLapsedMessage,
  positionLapseReminderMessage,
  type GrantEndedFacts,
} from '../../../shared/mail/to-municipality.js';
import type { PaymentLine } from '../../../shared/services/payments.js';
import { BASE, EVIL, expectEscaped, expectWellFormed } from './support.js';

const ID = 'AV-2026-ABCDEFGH';
const vest = PROGRAMMES['alis-vest'];
const nord = PROGRAMMES['alis-nord'];
const NOTIFICATION = 'AV-U-20270101-A1B2C3';

const year2 = {
  position: 1,
  year: 2,
  years: 4,
  dueDate: '2028-01-01',
  grant: 200_000,
  egenandel: 50_000,
  net: 150_000,
};

function line(overrides: Partial<PaymentLine> = {}): PaymentLine {
  return {
    id: `${ID}:2`,
    applicationId: ID,
    municipalityName: 'Masfjorden kommune',
    organisationNumber: '944496394',
    ...year2,
    status: 'NOTIFIED',
    ...overrides,
  };
}

function ended(name: string): GrantEndedFacts {
  return {
    programme: vest,
    lead: vest.people.lead,
    applicationId: ID,
    municipalityName: name,
    organisationNumber: '944496394',
    endedOn: '2028-08-31',
    reason: 'position-ended',
    cancelled: [
      { position: 1, year: 3, dueDate: '2029-01-01', net: 150_000 },
      { position: 1, year: 4, dueDate: '2030-01-01', net: 150_000 },
    ],
  };
}

function messages(name: string) {
  const base = {
    programme: vest,
    lead: vest.people.lead,
    applicationId: ID,
    municipalityName: name,
  };
  const lines = [
    line({ municipalityName: name }),
    line({ id: 'AV-2026-ZZZZZZZZ:1', applicationId: 'AV-2026-ZZZZZZZZ', year: 1 }),
  ];
  return {
    approved: approvedMessage({
      ...base,
      positions: 1,
      plan: {
        startDate: '2027-01-01',
        years: 4,
        yearlyAmountPerPosition: 200_000,
        egenandelPerPosition: 50_000,
        instalments: [1, 2, 3, 4].map((year) => ({
          ...year2,
          position: 1,
          year,
          dueDate: `${2026 + year}-01-01`,
        })),
      },
    }),
    confirmation: confirmationRequestMessage({
      ...base,
      ...year2,
      confirmUrl: `${BASE}/confirmations/t0ken`,
      lastDay: '2028-03-30T22:00:00.000Z',
      reminder: false,
    }),
    reminder: confirmationRequestMessage({
      ...base,
      ...year2,
      confirmUrl: `${BASE}/confirmations/n3w`,
      lastDay: '2028-03-30T22:00:00.000Z',
      reminder: true,
    }),
    confirmationTogether: confirmationRequestMessage({
      ...base,
      ...year2,
      positions: 2,
      also: [{ ...year2, position: 2, years: 5 }],
      confirmUrl: `${BASE}/confirmations/b0th`,
      lastDay: '2028-03-30T22:00:00.000Z',
      reminder: false,
    }),
    approvedWithNewPosition: approvedMessage({
      ...base,
      positions: 2,
      plan: {
        startDate: '2027-01-01',
        years: 4,
        yearlyAmountPerPosition: 200_000,
        egenandelPerPosition: 50_000,
        instalments: [{ ...year2, year: 1, dueDate: '2027-01-01' }],
        awaitingStart: [
          {
            position: 2,
            years: 5,
            startUrl: `${BASE}/positions/st4rt`,
            lapsesAt: '2027-12-02T23:00:00.000Z',
          },
        ],
      },
    }),
    lapseReminder: positionLapseReminderMessage({
      ...base,
      position: 2,
      startUrl: `${BASE}/positions/r3mind`,
      lapsesAt: '2027-12-02T23:00:00.000Z',
    }),
    lapsed: positionLapsedMessage({ ...base, position: 2, lapsedOn: '2027-12-03' }),
    lapsedLead: positionLapsedLeadMessage({ ...base, position: 2, lapsedOn: '2027-12-03' }),
    scheduled: paymentScheduledMessage({ ...base, ...year2 }),
    paid: paidMessage({
      ...base,
      position: 1,
      year: 2,
      years: 4,
      paidOn: '2028-01-05',
      net: 150_000,
      completed: false,
    }),
    ended: grantEndedMessage(ended(name)),
    held: instalmentHeldMessage({
      ...base,
      year: 2,
      dueDate: '2028-01-01',
      net: 150_000,
      lastDay: '2028-03-30T22:00:00.000Z',
    }),
    endedLead: grantEndedLeadMessage(ended(name)),
    endedFinance: grantEndedFinanceMessage(ended(name)),
    finance: financeNotificationMessage({
      programme: vest,
      notificationId: NOTIFICATION,
      lines,
      paymentUrl: `${BASE}/payments/p4y`,
    }),
    financeReminder: financeReminderMessage({
      programme: vest,
      notificationId: NOTIFICATION,
      lines,
      sentAt: '2028-01-01T05:00:00Z',
      paymentUrl: `${BASE}/payments/p4y2`,
    }),
  };
}

describe('the e-mails of a grant', () => {
  const plain = messages('Masfjorden kommune');

  it.each(Object.entries(plain))('%s is a whole mail in both parts, in bokmål', (name, mail) => {
    // Finance's e-mails are named by their notification, which lists several applications.
    expectWellFormed(mail, name.startsWith('finance') ? NOTIFICATION : ID);
    expect(mail.text).toContain(ID);
    expect(mail.text).toContain('Masfjorden kommune');
    expect(mail.text).toContain(vest.people.lead);
  });

  it.each(Object.entries(messages(EVIL)))(
    '%s escapes the municipality name in the HTML part and keeps the subject on one line',
    (_name, mail) => expectEscaped(mail),
  );

  it('lists every year of the plan with its date and amounts, and the egenandel', () => {
    const { text } = plain.approved;
    for (const year of [1, 2, 3, 4]) {
      expect(text).toMatch(
        new RegExp(
          `År ${year} av 4, 1\\. januar ${2026 + year}: tilskudd 200\\s000\\skr − egenandel 50\\s000\\skr = 150\\s000\\skr til utbetaling`,
        ),
      );
    }
    expect(text).toMatch(/Tilskudd per stilling per år: 200\s000\skr/);
    expect(text).toContain('egenandel på 50');
    expect(text).toContain('tilknytningsform og listelengde');
    expect(text).toMatch(/Første utbetaling: 1\. januar 2027/);
  });

  it('asks about the positions due the same day in one e-mail with one link, each with its year', () => {
    const { text, html, subject } = plain.confirmationTogether;
    expect(subject).toBe(`Bekreft 2 ALIS-stillinger før utbetaling (søknad ${ID}, år 2 av 4)`);
    expect(text.match(/confirmations\/b0th/g)).toHaveLength(1);
    expect(html).toContain(`href="${BASE}/confirmations/b0th"`);
    expect(text).toContain('stilling 1 og 2');
    expect(text).toMatch(/Stilling: 1\s+År: 2 av 4/);
    expect(text).toMatch(/Stilling: 2\s+År: 2 av 5/);
    expect(text).toContain('de andre stillingene fortsetter');
  });

  it('gives each new position its start link and deadline in the approval', () => {
    const { text, html } = plain.approvedWithNewPosition;
    expect(text).toContain('Stilling 2 er en ny ALIS-stilling');
    expect(text).toContain(`${BASE}/positions/st4rt`);
    expect(html).toContain(`href="${BASE}/positions/st4rt"`);
    expect(text).toMatch(/senest 2\. desember 2027/);
  });

  it('reminds of a start not reported with a fresh link, then tells the municipality and the lead of the lapse', () => {
    expect(plain.lapseReminder.subject).toBe(`Meld oppstart i stilling 2 (søknad ${ID})`);
    expect(plain.lapseReminder.text).toContain(`${BASE}/positions/r3mind`);
    expect(plain.lapseReminder.text).toMatch(/senest 2\. desember 2027/);
    expect(plain.lapsed.subject).toBe(`ALIS-stilling 2 er falt bort (søknad ${ID})`);
    expect(plain.lapsed.text).toContain('falt bort fra 3. desember 2027');
    expect(plain.lapsedLead.text).toContain('plassen er ledig i søknadsrunden igjen');
  });

  it('asks for the confirmation with its link, the amounts and the last day', () => {
    const { text, html, subject } = plain.confirmation;
    expect(text).toContain(`${BASE}/confirmations/t0ken`);
    expect(html).toContain(`href="${BASE}/confirmations/t0ken"`);
    expect(text).toMatch(/Til utbetaling: 150\s000\skr/);
    expect(text).toMatch(/Forfallsdato: 1\. januar 2028/);
    expect(text).toContain('år 2 av 4');
    expect(text).toContain('Kommer det ingen bekreftelse innen 30. mars 2028');
    expect(text).toContain('tilknytningsform');
    expect(text).toContain('listelengde');
    expect(text).toContain('datoen den ble avsluttet');
    expect(subject).not.toContain('Påminnelse');
  });

  it('says a reminder is one, and that the earlier link no longer works', () => {
    expect(plain.reminder.subject).toMatch(/^Påminnelse:/);
    expect(plain.reminder.text).toContain('forrige e-posten virker ikke lenger');
    expect(plain.reminder.text).toContain(`${BASE}/confirmations/n3w`);
  });

  it('tells the municipality what will be paid and when, and that it is paid', () => {
    expect(plain.scheduled.text).toMatch(/150\s000\skr blir utbetalt/);
    expect(plain.scheduled.text).toContain('forfall 1. januar 2028');
    expect(plain.paid.text).toContain('Utbetalingsdato: 5. januar 2028');
    expect(plain.paid.text).not.toContain('fullført');
    const last = paidMessage({
      programme: nord,
      lead: nord.people.lead,
      applicationId: 'AN-2026-ABCDEFGH',
      municipalityName: 'Vardø kommune',
      position: 1,
      year: 5,
      years: 5,
      paidOn: '2031-02-03',
      net: 200_000,
      completed: true,
    });
    expect(last.text).toContain('Tilskuddet er fullført');
  });

  it('names the reason, the date and the cancelled years of an ended grant', () => {
    for (const mail of [plain.ended, plain.endedLead, plain.endedFinance]) {
      expect(mail.text).toContain('31. august 2028');
      expect(mail.text).toContain('stillingen er avsluttet');
      expect(mail.text).toMatch(/År 3, 1\. januar 2029: 150\s000\skr/);
      expect(mail.text).toMatch(/År 4, 1\. januar 2030: 150\s000\skr/);
    }
    expect(plain.endedFinance.text).toContain('944496394');
    const unconfirmed = grantEndedLeadMessage({
      ...ended('Bø'),
      reason: 'unconfirmed',
      cancelled: [],
    });
    expect(unconfirmed.text).toContain('ikke bekreftet stillingen innen fristen');
  });

  it('tells the lead which year is held and until when a confirmation may come', () => {
    expect(plain.held.text).toMatch(/150\s000\skr med forfall 1\. januar 2028/);
    expect(plain.held.text).toContain('Kommer det ingen bekreftelse innen 30. mars 2028');
  });

  it('lists each instalment and the totals for finance, with the notification id in the subject', () => {
    const { subject, text, html } = plain.finance;
    expect(subject).toContain(NOTIFICATION);
    expect(text).toContain('Organisasjonsnummer: 944496394');
    expect(text).toContain('År: 2 av 4');
    expect(text).toContain('År: 1 av 4');
    expect(text).toContain('AV-2026-ZZZZZZZZ');
    expect(text).toMatch(/Tilskudd i alt: 400\s000\skr/);
    expect(text).toMatch(/Egenandel i alt: 100\s000\skr/);
    expect(text).toMatch(/Til utbetaling i alt: 300\s000\skr/);
    expect(text).toContain(`${BASE}/payments/p4y`);
    expect(html).toContain(`href="${BASE}/payments/p4y"`);
  });

  it('attaches the CSV, UTF-8 with BOM, that parses back to the instalments and totals', () => {
    for (const mail of [plain.finance, plain.financeReminder]) {
      const [attachment] = mail.attachments ?? [];
      expect(attachment!.filename).toBe(`utbetalinger-${NOTIFICATION}.csv`);
      expect(attachment!.contentType).toBe('text/csv; charset=utf-8');
      const bytes = Buffer.from(attachment!.content);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = bytes
        .toString('utf8')
        .slice(1)
        .split('\r\n')
        .filter(Boolean)
        .map((row) => row.split(';'));
      expect(rows[0]).toEqual([
        'Varsel-ID',
        'Kommune',
        'Organisasjonsnummer',
        'Søknads-ID',
        'Stilling',
        'År',
        'Forfallsdato',
        'Tilskudd (kr)',
        'Egenandel (kr)',
        'Til utbetaling (kr)',
      ]);
      expect(rows[1]).toEqual([
        NOTIFICATION,
        'Masfjorden kommune',
        '944496394',
        ID,
        '1',
        '2 av 4',
        '2028-01-01',
        '200000',
        '50000',
        '150000',
      ]);
      expect(rows.at(-1)).toEqual([
        NOTIFICATION,
        'Sum',
        '',
        '',
        '',
        '',
        '',
        '400000',
        '100000',
        '300000',
      ]);
    }
  });

  it('reminds finance of what is unrecorded, with a fresh link', () => {
    const { subject, text } = plain.financeReminder;
    expect(subject).toMatch(/^Påminnelse:/);
    expect(subject).toContain(NOTIFICATION);
    expect(text).toContain('1. januar 2028 kl. 06:00');
    expect(text).toContain(`${BASE}/payments/p4y2`);
  });
});
