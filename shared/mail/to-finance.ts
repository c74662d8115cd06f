// E-mails to the programme's finance address: the notification of what to pay, with its CSV and a
// link to record the payment; a reminder when a payment is not recorded; and a grant that ended,
// so that nothing cancelled is paid. Amounts are whole kroner.

import type { MailContent } from '../adapters/mail.js';
import type { Programme } from '../domain/programmes.js';
import { financeCsv, type FinanceNotificationLine } from '../presentation/finance-csv.js';
import { formatDate, formatDateTime, formatNok } from '../presentation/format.js';
import { GRANT_END_REASON_LABELS } from '../presentation/labels.js';
import { composeMail, link, paragraph, type Block } from './render.js';
import {
  cancelledItems,
  type DeclinedFacts,
  declinedItems,
  declinedWhat,
  type GrantEndedFacts,
} from './to-municipality.js';

/** The services pass their `PaymentLine`s; the e-mail needs only what the CSV has. */
type PaymentLine = FinanceNotificationLine;

export interface FinanceNotificationMail {
  programme: Programme;
  notificationId: string;
  lines: readonly PaymentLine[];
  paymentUrl: string;
}

/** Each instalment as facts, the way finance checks them against the CSV. */
function lineBlocks(lines: readonly PaymentLine[]): Block[] {
  return lines.map((line) => ({
    kind: 'facts',
    rows: [
      ['Kommune', line.municipalityName],
      ['Organisasjonsnummer', line.organisationNumber],
      ['Søknad', line.applicationId],
      ['År', `${line.year} av ${line.years}`],
      ['Forfallsdato', formatDate(line.dueDate)],
      ['Tilskudd', formatNok(line.grant)],
      ['Egenandel', formatNok(line.egenandel)],
      ['Til utbetaling', formatNok(line.net)],
    ],
  }));
}

function totalsBlock(lines: readonly PaymentLine[]): Block {
  const sum = (amount: (line: PaymentLine) => number) =>
    lines.reduce((total, line) => total + amount(line), 0);
  return {
    kind: 'facts',
    rows: [
      ['Antall utbetalinger', String(lines.length)],
      ['Tilskudd i alt', formatNok(sum((l) => l.grant))],
      ['Egenandel i alt', formatNok(sum((l) => l.egenandel))],
      ['Til utbetaling i alt', formatNok(sum((l) => l.net))],
    ],
  };
}

function csvAttachment(notificationId: string, lines: readonly PaymentLine[]) {
  const csv = financeCsv({ notificationId, lines });
  return {
    filename: csv.filename,
    contentType: csv.contentType,
    content: Buffer.from(csv.text, 'utf8'),
  };
}

/** What the daily run sends finance once per programme and run, when anything is due. */
export function financeNotificationMessage(m: FinanceNotificationMail): MailContent {
  const { programme, lines } = m;
  const total = lines.reduce((sum, line) => sum + line.net, 0);
  return {
    ...composeMail({
      subject: `Utbetalingsvarsel ${m.notificationId}: ${lines.length} ALIS-tilskudd fra ${programme.name}, ${formatNok(total)}`,
      heading: `Utbetalingsvarsel ${m.notificationId}`,
      programme,
      blocks: [
        paragraph(
          `Disse ALIS-tilskuddene fra ${programme.name} skal utbetales. Hver utbetaling står i dette varselet og ikke i noe annet, så den skal betales én gang. Beløpene står også i vedlagt CSV-fil, som kan åpnes i Excel.`,
        ),
        totalsBlock(lines),
        ...lineBlocks(lines),
        link('Registrer utbetalingen', m.paymentUrl),
        paragraph(
          'Når beløpene er utbetalt, registrerer dere utbetalingsdatoen gjennom lenken. Dere kan registrere alle på en gang, eller noen av dem. Kommunen får da beskjed om at pengene er utbetalt.',
        ),
      ],
    }),
    attachments: [csvAttachment(m.notificationId, lines)],
  };
}

/** Fourteen days on, what of a notification is still not recorded as paid. */
export function financeReminderMessage(
  m: FinanceNotificationMail & { sentAt: string },
): MailContent {
  const { programme, lines } = m;
  return {
    ...composeMail({
      subject: `Påminnelse: utbetalingsvarsel ${m.notificationId} er ikke registrert som utbetalt`,
      heading: `Påminnelse om utbetalingsvarsel ${m.notificationId}`,
      programme,
      blocks: [
        paragraph(
          `Utbetalingsvarsel ${m.notificationId} ble sendt ${formatDateTime(m.sentAt)}. Disse utbetalingene er ennå ikke registrert som utbetalt:`,
        ),
        totalsBlock(lines),
        ...lineBlocks(lines),
        link('Registrer utbetalingen', m.paymentUrl),
        paragraph(
          'Er beløpene allerede utbetalt, registrer utbetalingsdatoen gjennom lenken over, så får kommunene beskjed.',
        ),
      ],
    }),
    attachments: [csvAttachment(m.notificationId, lines)],
  };
}

/** A grant ended early: the years finance must not pay. */
export function grantEndedFinanceMessage(facts: GrantEndedFacts): MailContent {
  return composeMail({
    subject: `Tilskudd avsluttet: ${facts.municipalityName}, org.nr. ${facts.organisationNumber} (søknad ${facts.applicationId})`,
    heading: 'Et tilskudd er avsluttet',
    programme: facts.programme,
    blocks: [
      paragraph(
        `Tilskuddet fra ${facts.programme.name} til ${facts.municipalityName} (organisasjonsnummer ${facts.organisationNumber}, søknad ${facts.applicationId}) er avsluttet fra ${formatDate(facts.endedOn)}, fordi ${GRANT_END_REASON_LABELS[facts.reason]}.`,
      ),
      ...(facts.cancelled.length > 0
        ? [
            paragraph('Disse utbetalingene er kansellert og skal ikke utbetales:'),
            { kind: 'list', items: cancelledItems(facts) } as Block,
          ]
        : [paragraph('Ingen planlagte utbetalinger er kansellert.')]),
      paragraph(
        'Utbetalinger som allerede er meldt i et utbetalingsvarsel, står som de står: registrer dem som vanlig når de er utbetalt.',
      ),
    ],
  });
}

/** The municipality declined before any payment: the planned years finance must not expect. */
export function positionsDeclinedFinanceMessage(f: DeclinedFacts): MailContent {
  return composeMail({
    subject: `Kommunen takket nei: ${f.municipalityName}, org.nr. ${f.organisationNumber} (søknad ${f.applicationId})`,
    heading: 'En kommune har takket nei til tilskudd',
    programme: f.programme,
    lead: f.lead,
    blocks: [
      paragraph(
        `${f.municipalityName} (organisasjonsnummer ${f.organisationNumber}, søknad ${f.applicationId}) takket ${formatDate(f.declinedOn)} nei til ${declinedWhat(f)} fra ${f.programme.name}, før noen utbetaling ble meldt til økonomi.`,
      ),
      ...(f.cancelled.length > 0
        ? [
            paragraph(
              'Disse planlagte utbetalingene er kansellert og kommer ikke i noe utbetalingsvarsel:',
            ),
            { kind: 'list', items: declinedItems(f) } as Block,
          ]
        : [paragraph('Ingen utbetalinger var planlagt ennå. Dere trenger ikke gjøre noe.')]),
    ],
  });
}
