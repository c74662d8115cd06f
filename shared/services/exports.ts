// A programme's exports for staff, one CSV page at a time: each answer holds at most a bounded
// number of records and names where the next starts, so an export costs the same per page
// however large the programme grows.

import { findMunicipality } from '../domain/identifiers.js';
import { PROGRAMMES, type ProgrammeId } from '../domain/programmes.js';
import { toCsv } from '../presentation/finance-csv.js';
import { EVENT_LABELS, labelFor } from '../presentation/labels.js';
import {
  APPLICATION_COLUMNS,
  AUDIT_COLUMNS,
  INSTALMENT_COLUMNS,
  type ApplicationExportRow,
  type AuditExportRow,
  type ExportName,
  type InstalmentExportRow,
} from '../presentation/staff-csv.js';
import { listEvents } from '../store/audit.js';
import { getApplication } from '../store/applications.js';
import type { ApplicationItem, InstalmentItem, ProgrammeRecordKind } from '../store/items.js';
import { programmeRecordPage, type RecordPage } from '../store/programme-records.js';
import { decodeCursor, encodeCursor } from './programme-records.js';

/** Records per page of each export: the audit trail reads each application's events as well. */
const PAGE_SIZE: Record<ExportName, number> = {
  applications: 1000,
  instalments: 2000,
  audit: 100,
};

const KIND_OF: Record<ExportName, ProgrammeRecordKind> = {
  applications: 'application',
  instalments: 'instalment',
  audit: 'application',
};

export async function exportPage(
  programme: ProgrammeId,
  name: ExportName,
  after?: string,
): Promise<{ csv: string; next?: string }> {
  const kind = KIND_OF[name];
  const position = after ? decodeCursor(after, kind) : undefined;
  const query = { limit: PAGE_SIZE[name], ...(position && { after: position }) };
  let csv: string;
  let page: RecordPage<unknown>;
  if (name === 'instalments') {
    const instalments = await programmeRecordPage<InstalmentItem>(programme, kind, query);
    page = instalments;
    csv = toCsv(INSTALMENT_COLUMNS, await instalmentRows(instalments.items));
  } else {
    const applications = await programmeRecordPage<ApplicationItem>(programme, kind, query);
    page = applications;
    csv =
      name === 'applications'
        ? toCsv(APPLICATION_COLUMNS, applications.items.map(applicationRow))
        : toCsv(AUDIT_COLUMNS, await auditRows(applications.items));
  }
  return { csv, ...(page.next && { next: encodeCursor(page.next) }) };
}

function applicationRow(app: ApplicationItem): ApplicationExportRow {
  const { application } = app;
  const programme = PROGRAMMES[app.programme];
  return {
    applicationId: app.applicationId,
    programme: app.programme,
    roundId: app.roundId,
    status: app.status,
    submittedAt: app.submittedAt,
    updatedAt: app.updatedAt,
    municipalityNumber: app.municipalityNumber,
    municipalityName: application.municipality.name,
    county: findMunicipality(app.municipalityNumber)?.county ?? '',
    healthTrust:
      programme.regions.find((r) => r.id === application.municipality.region)?.name ??
      application.municipality.region,
    organisationNumber: application.municipality.organisationNumber,
    employmentModel: application.employmentModel,
    positionsRequested: application.positionsRequested,
    listSize: application.patientList.listSize,
    contactName: application.contact.name,
    contactEmail: application.contact.email,
    version: app.version,
  };
}

async function instalmentRows(instalments: InstalmentItem[]): Promise<InstalmentExportRow[]> {
  // Municipality names from the register, by the application's municipality number.
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(instalments.map((i) => i.applicationId))].map(async (applicationId) => {
      const app = await getApplication(applicationId);
      names.set(applicationId, app?.application.municipality.name ?? '');
    }),
  );
  return instalments.map((i) => ({ ...i, municipalityName: names.get(i.applicationId) ?? '' }));
}

async function auditRows(applications: ApplicationItem[]): Promise<AuditExportRow[]> {
  const trails = await Promise.all(applications.map((app) => listEvents(app.applicationId)));
  return trails.flat().map((event) => ({
    applicationId: event.applicationId,
    at: event.at,
    type: event.type,
    event: labelFor(EVENT_LABELS, event.type),
    by: event.by,
    comment: event.comment ?? '',
  }));
}
