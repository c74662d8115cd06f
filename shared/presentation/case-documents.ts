// The case documents this module makes printable: the application as sent (each version) and each
// year's payment notice. Their content is what the rest of the service shows: the application as
// the decision page and the review e-mail summarise it, the notice as the sealed finance row that
// finance's e-mail and CSV carry. Pure.

import type { Application } from '../domain/application.js';
import { osloDateOf } from '../domain/calendar.js';
import type { FinanceLine } from '../domain/grant.js';
import type { Programme } from '../domain/programmes.js';
import { formatDate, formatDateTime, formatNok } from './format.js';
import { yearOfText } from './labels.js';
import type { PrintableDocument, PrintableKind } from './printable.js';
import { applicationSummary } from './summary.js';

/** Who sends the programme's documents: its owner, for the programme. */
export function programmeSender(programme: Pick<Programme, 'owner' | 'name'>): string {
  return `${programme.owner}, ${programme.name}`;
}

/** The municipality, and its contact person when known. */
export function municipalityParty(municipalityName: string, contactName?: string): string {
  return contactName ? `${municipalityName} v/ ${contactName}` : municipalityName;
}

export interface ApplicationVersion {
  applicationId: string;
  programme: Pick<Programme, 'owner' | 'name'>;
  /** From 1; each amendment makes the next. */
  version: number;
  /** How many versions the case has: one alone is not numbered in its title. */
  versions: number;
  /** When this version was sent (ISO instant). */
  sentAt: string;
  application: Application;
}

export function applicationDocumentId(version: number): string {
  return `application-${version}`;
}

/** The application as it was sent, with the same content the decision page shows. */
export function applicationDocument(v: ApplicationVersion): PrintableDocument {
  const a = v.application;
  return {
    id: applicationDocumentId(v.version),
    kind: 'application',
    title:
      v.versions > 1
        ? `Søknad om ALIS-tilskudd, versjon ${v.version} av ${v.versions}`
        : 'Søknad om ALIS-tilskudd',
    date: osloDateOf(new Date(v.sentAt)),
    caseNumber: v.applicationId,
    sender: municipalityParty(a.municipality.name, a.contact.name),
    recipient: programmeSender(v.programme),
    sections: [
      {
        rows: [
          { label: 'Program', value: v.programme.name },
          {
            label: v.version > 1 ? 'Endret søknad sendt' : 'Sendt',
            value: formatDateTime(v.sentAt),
          },
          ...(v.versions > 1 ? [{ label: 'Versjon', value: `${v.version} av ${v.versions}` }] : []),
        ],
      },
      ...applicationSummary(a).map((section) => ({ heading: section.title, rows: section.rows })),
    ],
  };
}

export interface PaymentNotice {
  programme: Pick<Programme, 'owner' | 'name'>;
  notificationId: string;
  /** When finance was notified (ISO instant): the notification's sending, else its sealing. */
  notifiedAt: string;
  /** The sealed row finance was notified of. */
  line: FinanceLine;
  /** The municipality's contact person, when known. */
  contactName?: string;
}

export function paymentNoticeDocumentId(position: number, year: number): string {
  return `payment-notice-${position}-${year}`;
}

/** One position-year's notice of payment: what finance was asked to pay, row for row. */
export function paymentNoticeDocument(n: PaymentNotice): PrintableDocument {
  const { line } = n;
  const years = yearOfText(line.year, line.years);
  return {
    id: paymentNoticeDocumentId(line.position, line.year),
    kind: 'payment-notice',
    title: `Utbetalingsvarsel, stilling ${line.position}, ${years}`,
    date: osloDateOf(new Date(n.notifiedAt)),
    caseNumber: line.applicationId,
    sender: programmeSender(n.programme),
    recipient: municipalityParty(line.municipalityName, n.contactName),
    sections: [
      {
        paragraphs: [
          `Økonomiavdelingen er bedt om å utbetale tilskuddet for ${years} for stilling ${line.position}. Beløpet blir betalt til kommunen.`,
        ],
      },
      {
        heading: 'Utbetalingen',
        rows: [
          { label: 'Kommune', value: line.municipalityName },
          { label: 'Organisasjonsnummer', value: line.organisationNumber },
          { label: 'Stilling', value: String(line.position) },
          { label: 'År', value: years },
          { label: 'Forfallsdato', value: formatDate(line.dueDate) },
          { label: 'Tilskudd', value: formatNok(line.grant) },
          { label: 'Egenandel', value: formatNok(line.egenandel) },
          { label: 'Til utbetaling', value: formatNok(line.net) },
        ],
      },
      {
        heading: 'Varselet',
        rows: [
          { label: 'Varsel-ID', value: n.notificationId },
          { label: 'Sendt økonomi', value: formatDateTime(n.notifiedAt) },
        ],
      },
    ],
  };
}

/** The order a case's documents are listed and archived in: by date, then as the case runs. */
const KIND_ORDER: Record<PrintableKind, number> = {
  application: 0,
  letter: 1,
  complaint: 2,
  'payment-notice': 3,
};

export function byCaseOrder(a: PrintableDocument, b: PrintableDocument): number {
  return (
    a.date.localeCompare(b.date) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    a.id.localeCompare(b.id, 'en', { numeric: true })
  );
}

/** «Søknad», «Brev», … : what a document is, in a list of them. */
export const PRINTABLE_KIND_LABELS: Record<PrintableKind, string> = {
  application: 'Søknad',
  letter: 'Brev',
  complaint: 'Klage',
  'payment-notice': 'Utbetalingsvarsel',
};
