// Every e-mail to a municipality reads the same way: a short subject with the case number, a first
// line that says what to do and by when (or that nothing is needed), and the programme office's
// contact named in the text. A new message in to-municipality.ts must be added to the samples.

import { describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import * as leadActions from '../../../shared/mail/lead-actions.js';
import * as letters from '../../../shared/mail/letters.js';
import * as toMunicipality from '../../../shared/mail/to-municipality.js';
import { BASE, sampleLetterInMail } from './support.js';

const ID = 'AV-2026-ABCDEFGH';
const vest = PROGRAMMES['alis-vest'];
// The longest municipality name in Norway, so a subject that carried it would show.
const LONG_NAME = 'Porsanger kommune – Porsáŋggu gielda – Porsangin komuuni';
/** The lead the staff register holds now: another than the configured seed's. */
const LEAD = 'kari.nordmann@alis-vest.example.no';
const base = { programme: vest, lead: LEAD, applicationId: ID, municipalityName: LONG_NAME };
const year = {
  position: 1,
  year: 5,
  years: 5,
  dueDate: '2031-01-01',
  grant: 200_000,
  egenandel: 50_000,
  net: 150_000,
};
const plan = {
  startDate: '2027-01-01',
  years: 5,
  yearlyAmountPerPosition: 200_000,
  egenandelPerPosition: 50_000,
  instalments: [year],
};

/** Each message function, with the samples that show its variants. */
const SAMPLES: Record<
  string,
  () => { subject: string; text: string; replyTo?: readonly string[] }[]
> = {
  receiptMessage: () => [
    toMunicipality.receiptMessage({ ...base, statusUrl: `${BASE}/status/s` }),
    toMunicipality.receiptMessage({
      ...base,
      statusUrl: `${BASE}/status/s`,
      verify: { url: `${BASE}/verify/v`, deadline: '2026-12-10T23:00:00Z' },
    }),
  ],
  approvedMessage: () => [
    toMunicipality.approvedMessage({ ...base, positions: 2, plan }),
    toMunicipality.approvedMessage({
      ...base,
      positions: 2,
      plan: {
        ...plan,
        awaitingStart: [
          {
            position: 2,
            years: 5,
            startUrl: `${BASE}/positions/p`,
            lapsesAt: '2027-12-31T23:00:00Z',
          },
        ],
      },
    }),
  ],
  positionLapseReminderMessage: () => [
    toMunicipality.positionLapseReminderMessage({
      ...base,
      position: 2,
      startUrl: `${BASE}/positions/p`,
      lapsesAt: '2027-12-31T23:00:00Z',
    }),
  ],
  positionLapsedMessage: () => [
    toMunicipality.positionLapsedMessage({ ...base, position: 2, lapsedOn: '2028-01-01' }),
  ],
  confirmationRequestMessage: () =>
    [false, true].map((reminder) =>
      toMunicipality.confirmationRequestMessage({
        ...base,
        ...year,
        confirmUrl: `${BASE}/confirmations/c`,
        lastDay: '2031-03-31T22:00:00Z',
        reminder,
      }),
    ),
  paymentScheduledMessage: () => [toMunicipality.paymentScheduledMessage({ ...base, ...year })],
  paidMessage: () =>
    [false, true].map((completed) =>
      toMunicipality.paidMessage({ ...base, ...year, paidOn: '2031-01-03', completed }),
    ),
  grantEndedMessage: () => [
    toMunicipality.grantEndedMessage({
      ...base,
      organisationNumber: '944496394',
      endedOn: '2029-08-31',
      reason: 'unconfirmed',
      cancelled: [{ position: 1, year: 4, dueDate: '2030-01-01', net: 150_000 }],
    }),
  ],
  declinedMessage: () =>
    [
      { positions: [2], grantPositions: 2, grantEnded: false },
      { positions: [1], grantPositions: 1, grantEnded: true },
    ].map((which) =>
      toMunicipality.declinedMessage({
        ...base,
        ...which,
        organisationNumber: '944496394',
        declinedOn: '2026-12-03',
        cancelled: [{ position: 1, year: 1, dueDate: '2027-01-01', net: 150_000 }],
      }),
    ),
  rejectedMessage: () => [
    toMunicipality.rejectedMessage({
      ...base,
      letter: sampleLetterInMail(
        'Mangler veileder.',
        base.municipalityName,
        base.applicationId,
        LEAD,
      ),
    }),
  ],
  changesRequestedMessage: () => [
    toMunicipality.changesRequestedMessage({
      ...base,
      comment: 'Mer om bakvakt.',
      amendUrl: `${BASE}/amend/a`,
      deadline: '2027-01-01T23:00:00Z',
    }),
  ],
  withdrawnMessage: () =>
    [false, true].map((byMunicipality) =>
      toMunicipality.withdrawnMessage({ ...base, byMunicipality }),
    ),
  draftSavedMessage: () => [
    toMunicipality.draftSavedMessage({
      programme: vest,
      lead: LEAD,
      draftUrl: `${BASE}/drafts/d`,
      closesAt: '2027-03-31T22:00:00Z',
    }),
  ],
  draftReminderMessage: () => [
    toMunicipality.draftReminderMessage({
      programme: vest,
      lead: LEAD,
      draftUrl: `${BASE}/drafts/d`,
      closesAt: '2027-03-31T22:00:00Z',
    }),
  ],
  foundMessage: () => [
    toMunicipality.foundMessage({
      programme: vest,
      lead: LEAD,
      applications: [{ applicationId: ID, municipalityName: LONG_NAME, statusUrl: `${BASE}/s` }],
      drafts: [],
    }),
    toMunicipality.foundMessage({
      programme: vest,
      lead: LEAD,
      applications: [{ applicationId: ID, municipalityName: LONG_NAME, statusUrl: `${BASE}/s` }],
      drafts: [{ draftUrl: `${BASE}/drafts/d`, closesAt: '2027-03-31T22:00:00Z' }],
    }),
  ],
};

/** What a lead's action and a complaint send a municipality, from their own modules. */
const hold = {
  ...base,
  organisationNumber: '123456789',
  position: 2,
  year: 3,
  dueDate: '2029-01-01',
  net: 150_000,
};
const letter = sampleLetterInMail('Mangler veiledningsplan.', LONG_NAME, ID, LEAD).letter;
const OTHER_SAMPLES: typeof SAMPLES = {
  contactChangedToNewMessage: () => [
    leadActions.contactChangedToNewMessage({ ...base, name: 'Ola', statusUrl: `${BASE}/s` }),
  ],
  contactChangedToOldMessage: () => [
    leadActions.contactChangedToOldMessage({ ...base, newName: 'Ola' }),
  ],
  instalmentHoldMunicipalityMessage: () => [
    leadActions.instalmentHoldMunicipalityMessage(hold, 'held'),
    leadActions.instalmentHoldMunicipalityMessage(hold, 'released'),
  ],
  complaintReceiptMessage: () => [
    letters.complaintReceiptMessage({
      programme: vest,
      lead: LEAD,
      letter,
      text: 'Uenige.',
      statusUrl: `${BASE}/s`,
    }),
  ],
  complaintAnsweredMessage: () =>
    (['granted-review', 'granted-positions', 'forwarded'] as const).map((outcome) =>
      letters.complaintAnsweredMessage({
        programme: vest,
        lead: LEAD,
        letter,
        outcome,
        positionsApproved: 2,
        statusUrl: `${BASE}/s`,
      }),
    ),
};

/** Drafts have no case number yet, nor has a list of several cases. */
const WITHOUT_CASE = new Set(['draftSavedMessage', 'draftReminderMessage']);

const all = Object.entries({ ...SAMPLES, ...OTHER_SAMPLES }).flatMap(([name, make]) =>
  make().map((mail, i) => [`${name} #${i + 1}`, name, mail] as const),
);

/** The line under the heading (the text part starts with the heading and a blank line). */
const firstLine = (text: string) => text.split('\n')[2]!;

describe('the wording of every e-mail to a municipality', () => {
  it('has a sample for every message the module exports', () => {
    const exported = Object.keys(toMunicipality).filter((name) => name.endsWith('Message'));
    expect(Object.keys(SAMPLES).sort()).toEqual(exported.sort());
  });

  it.each(all)('%s: a subject of at most 60 characters with the case number', (_, name, mail) => {
    expect(mail.subject.length, mail.subject).toBeLessThanOrEqual(60);
    expect(mail.subject).not.toContain('Porsanger');
    if (WITHOUT_CASE.has(name)) expect(mail.subject).toContain(vest.name);
    else if (!(name === 'foundMessage' && mail.text.includes('/drafts/')))
      expect(mail.subject).toContain(ID);
  });

  it.each(all)(
    '%s: the first line says what to do and by when, or that nothing is needed',
    (_, _n, mail) => {
      const line = firstLine(mail.text);
      const nothing = /^(Dere|Du) trenger ikke gjøre noe/.test(line);
      const action = /^(Bekreft|Endre|Fullfør|Meld|Send|Åpne) /.test(line);
      expect(nothing || action, line).toBe(true);
      // An action has its date, but following a link the contact asked for.
      if (action && !line.startsWith('Åpne')) expect(line, line).toMatch(/\d{4}/);
    },
  );

  it.each(all)('%s: names prosjektleder with the address, in plain text', (_, _n, mail) => {
    expect(mail.text).toContain(`prosjektleder: ${LEAD}`);
    expect(mail.text).not.toContain(vest.people.lead);
  });

  it.each(all)('%s: replies go to the lead the sender passed in', (_, _n, mail) => {
    expect(mail.replyTo).toEqual([LEAD]);
  });

  it('asks an unconfirmed contact to confirm first, in the subject and the first line', () => {
    const [, verify] = SAMPLES.receiptMessage!();
    expect(verify!.subject).toBe(`Kvittering, søknad ${ID}: bekreft e-postadressen`);
    expect(firstLine(verify!.text)).toBe(
      'Bekreft e-postadressen din innen 10. desember 2026, ellers trekkes søknaden.',
    );
  });
});
