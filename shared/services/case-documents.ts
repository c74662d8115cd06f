// A case's documents: gathered from their sources (each version of the application as sent, each
// position-year's payment notice, the decision letters), each as PDF; the municipality reads them
// through its status link, staff from the application's page, and a concluded case packs them
// into the archive package with their metadata for the records system.

import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { MailAttachment } from '../adapters/mail.js';
import { isConcluded } from '../domain/concluded.js';
import type { Position } from '../domain/grant.js';
import type { Programme, ProgrammeId } from '../domain/programmes.js';
import { ConflictError, NotFoundError } from '../errors.js';
import {
  ARCHIVE_METADATA_FILE,
  archiveMetadata,
  type ArchiveFile,
} from '../presentation/archive-metadata.js';
import {
  applicationDocument,
  byCaseOrder,
  paymentNoticeDocument,
} from '../presentation/case-documents.js';
import { PDF_CONTENT_TYPE, pdfFilename, renderPdf } from '../presentation/pdf.js';
import type { PrintableDocument } from '../presentation/printable.js';
import { readApplicationRecords, type ApplicationRecords } from '../store/application-records.js';
import { getFinanceNotification } from '../store/finance-notifications.js';
import type { FinanceNotificationItem } from '../store/items.js';
import { letterDocuments } from './letters.js';
import { loadProgramme } from './programme-settings.js';
import { applicationOfStatusToken } from './status.js';

/**
 * One kind of document of a case, made from what is stored under the application (read in one
 * query) and the programme as it runs.
 */
type DocumentSource = (
  records: ApplicationRecords,
  programme: Programme,
) => PrintableDocument[] | Promise<PrintableDocument[]>;

const SOURCES: readonly DocumentSource[] = [
  applicationVersions,
  paymentNotices,
  // Each decision letter and each complaint filed on one.
  (records) => letterDocuments(records.letters, records.complaints),
];

/** Every document of the case, in case order (by date, then as the case runs). */
export async function documentsOf(records: ApplicationRecords): Promise<PrintableDocument[]> {
  const programme = await loadProgramme(records.application.programme);
  const lists = await Promise.all(SOURCES.map((source) => source(records, programme)));
  return lists.flat().sort(byCaseOrder);
}

/** The documents of the case a status link opens. */
export async function statusDocuments(statusToken: string): Promise<{
  applicationId: string;
  programme: ProgrammeId;
  municipalityName: string;
  documents: PrintableDocument[];
}> {
  const app = await applicationOfStatusToken(statusToken);
  const records = await readApplicationRecords(app.applicationId);
  if (!records) throw new NotFoundError('Unknown application');
  return {
    applicationId: app.applicationId,
    programme: app.programme,
    municipalityName: app.application.municipality.name,
    documents: await documentsOf(records),
  };
}

export interface DocumentFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** One of the documents as PDF; an id the case does not have is not found. */
export async function documentPdf(
  documents: readonly PrintableDocument[],
  documentId: string,
): Promise<DocumentFile> {
  const document = documents.find((d) => d.id === documentId);
  if (!document) throw new NotFoundError('Unknown document');
  return {
    filename: pdfFilename(document),
    contentType: PDF_CONTENT_TYPE,
    bytes: await renderPdf(document),
  };
}

/** Every document of the case as a PDF attachment (a complaint forwarded to the klageinstans). */
export async function caseDocumentAttachments(applicationId: string): Promise<MailAttachment[]> {
  const records = await readApplicationRecords(applicationId);
  if (!records) throw new NotFoundError('Unknown application');
  const files = await renderAll(await documentsOf(records));
  return files.map(({ fileName, bytes }) => ({
    filename: fileName,
    contentType: PDF_CONTENT_TYPE,
    content: bytes,
  }));
}

export const NOT_CONCLUDED_MESSAGE =
  'Saken er ikke avsluttet, så arkivpakken kan ikke lages ennå. Den kan lages når søknaden er avslått eller trukket, eller når alle stillingene i tilskuddet er avsluttet.';

/**
 * The archive package of a concluded case: a zip of every document as PDF and `metadata.json`
 * (the case, its parties and dates, and each file with its SHA-256). A case not concluded: 409.
 */
export async function archivePackage(
  records: ApplicationRecords & { positions: readonly Position[] },
  now = new Date(),
): Promise<DocumentFile> {
  const app = records.application;
  if (!isConcluded(app.status, records.positions)) {
    throw new ConflictError([{ path: '', code: 'not-concluded', message: NOT_CONCLUDED_MESSAGE }]);
  }
  const files = await renderAll(await documentsOf(records));
  const decision = records.reviewRounds.find((r) => r.decision)?.decision;
  const metadata = archiveMetadata(
    {
      caseNumber: app.applicationId,
      programme: await loadProgramme(app.programme),
      status: app.status,
      municipality: {
        name: app.application.municipality.name,
        number: app.municipalityNumber,
        organisationNumber: app.application.municipality.organisationNumber,
      },
      contact: { name: app.application.contact.name, email: app.application.contact.email },
      submittedAt: app.submittedAt,
      ...(decision && { decidedAt: decision.at }),
      lastEventAt: records.events.at(-1)?.at ?? app.updatedAt,
    },
    files,
    now,
  );
  const entries: Zippable = {
    [ARCHIVE_METADATA_FILE]: [
      new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`),
      { mtime: now },
    ],
  };
  // PDFs are compressed inside already: stored as they are.
  for (const file of files) {
    entries[file.fileName] = [
      file.bytes,
      { level: 0, mtime: new Date(`${file.document.date}T12:00:00Z`) },
    ];
  }
  return {
    filename: `${app.applicationId}-arkiv.zip`,
    contentType: 'application/zip',
    bytes: zipSync(entries),
  };
}

async function renderAll(
  documents: readonly PrintableDocument[],
): Promise<(ArchiveFile & { bytes: Uint8Array })[]> {
  const files: (ArchiveFile & { bytes: Uint8Array })[] = [];
  // One after another: rendering is CPU work, and a case has a handful of documents.
  for (const document of documents) {
    const bytes = await renderPdf(document);
    files.push({
      fileName: pdfFilename(document),
      document,
      bytes,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return files;
}

/**
 * The application as sent, every version: the earlier ones as their amendments kept them, the
 * current one from the application. Each version was sent when it was submitted or amended.
 */
function applicationVersions(
  records: ApplicationRecords,
  programme: Programme,
): PrintableDocument[] {
  const app = records.application;
  const amendedAt = records.events.filter((e) => e.type === 'amended').map((e) => e.at);
  const sentAt = (version: number) =>
    version === 1 ? app.submittedAt : (amendedAt[version - 2] ?? app.updatedAt);
  const versions = [
    ...records.versions.filter((v) => v.version < app.version),
    { version: app.version, application: app.application },
  ];
  return versions.map((v) =>
    applicationDocument({
      applicationId: app.applicationId,
      programme,
      version: v.version,
      versions: app.version,
      sentAt: sentAt(v.version),
      application: v.application,
    }),
  );
}

/** Each position-year finance was notified of, as the sealed notification lists it. */
async function paymentNotices(
  records: ApplicationRecords,
  programme: Programme,
): Promise<PrintableDocument[]> {
  const app = records.application;
  const notified = records.instalments.filter((i) => i.notificationId !== undefined);
  const ids = [...new Set(notified.map((i) => i.notificationId!))];
  const notifications = new Map<string, FinanceNotificationItem | undefined>(
    await Promise.all(ids.map(async (id) => [id, await getFinanceNotification(id)] as const)),
  );
  return notified.flatMap((instalment) => {
    const notification = notifications.get(instalment.notificationId!);
    const position = instalment.position ?? 1;
    const line = notification?.instalments.find(
      (row) =>
        row.applicationId === app.applicationId &&
        row.position === position &&
        row.year === instalment.year,
    );
    if (!notification || !line) return [];
    return [
      paymentNoticeDocument({
        programme,
        notificationId: notification.notificationId,
        notifiedAt: notification.sentAt ?? notification.createdAt,
        line,
        contactName: app.application.contact.name,
      }),
    ];
  });
}
