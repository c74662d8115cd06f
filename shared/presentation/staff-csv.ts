// The staff's exports of a programme: applications, instalments and the audit trail, one row per
// record, in the CSV convention of the finance notification (finance-csv.ts). The headings are
// stable: people build spreadsheets on them. Pure.

import type { Instalment } from '../domain/grant.js';
import type { CsvColumn } from './finance-csv.js';

export const EXPORT_NAMES = ['applications', 'instalments', 'audit'] as const;
export type ExportName = (typeof EXPORT_NAMES)[number];

export interface ApplicationExportRow {
  applicationId: string;
  programme: string;
  roundId: string;
  status: string;
  submittedAt: string;
  updatedAt: string;
  municipalityNumber: string;
  municipalityName: string;
  county: string;
  healthTrust: string;
  organisationNumber: string;
  employmentModel: string;
  positionsRequested: number;
  listSize: number;
  contactName: string;
  contactEmail: string;
  version: number;
}

export const APPLICATION_COLUMNS: readonly CsvColumn<ApplicationExportRow>[] = [
  { header: 'Søknads-ID', value: (r) => r.applicationId },
  { header: 'Program', value: (r) => r.programme },
  { header: 'Runde', value: (r) => r.roundId },
  { header: 'Status', value: (r) => r.status },
  { header: 'Sendt inn', value: (r) => r.submittedAt },
  { header: 'Sist endret', value: (r) => r.updatedAt },
  { header: 'Kommunenummer', value: (r) => r.municipalityNumber },
  { header: 'Kommune', value: (r) => r.municipalityName },
  { header: 'Fylke', value: (r) => r.county },
  { header: 'Helseforetak', value: (r) => r.healthTrust },
  { header: 'Organisasjonsnummer', value: (r) => r.organisationNumber },
  { header: 'Tilknytningsform', value: (r) => r.employmentModel },
  { header: 'Søkte stillinger', value: (r) => r.positionsRequested },
  { header: 'Listelengde', value: (r) => r.listSize },
  { header: 'Kontaktperson', value: (r) => r.contactName },
  { header: 'Kontaktens e-post', value: (r) => r.contactEmail },
  { header: 'Versjon', value: (r) => r.version },
];

export type InstalmentExportRow = Instalment & { municipalityName: string };

export const INSTALMENT_COLUMNS: readonly CsvColumn<InstalmentExportRow>[] = [
  { header: 'Søknads-ID', value: (r) => r.applicationId },
  { header: 'Kommune', value: (r) => r.municipalityName },
  { header: 'Stilling', value: (r) => r.position },
  { header: 'År', value: (r) => r.year },
  { header: 'Antall år', value: (r) => r.years },
  { header: 'Forfallsdato', value: (r) => r.dueDate },
  { header: 'Status', value: (r) => r.status },
  { header: 'Tilskudd (kr)', value: (r) => r.grant },
  { header: 'Egenandel (kr)', value: (r) => r.egenandel },
  { header: 'Til utbetaling (kr)', value: (r) => r.net },
  { header: 'Varsel-ID', value: (r) => r.notificationId ?? '' },
  { header: 'Betalingsdato', value: (r) => r.paidOn ?? '' },
];

export interface AuditExportRow {
  applicationId: string;
  at: string;
  type: string;
  event: string;
  by: string;
  comment: string;
}

export const AUDIT_COLUMNS: readonly CsvColumn<AuditExportRow>[] = [
  { header: 'Søknads-ID', value: (r) => r.applicationId },
  { header: 'Tidspunkt', value: (r) => r.at },
  { header: 'Hendelse', value: (r) => r.type },
  { header: 'Beskrivelse', value: (r) => r.event },
  { header: 'Utført av', value: (r) => r.by },
  { header: 'Kommentar', value: (r) => r.comment },
];

export function exportFilename(programme: string, name: ExportName): string {
  return `${programme}-${name}.csv`;
}
