// The archive package's `metadata.json`: the case and each of its documents, with the fields a
// Noark 5 records system takes in (a case file, «saksmappe», with its registry entries and their
// document objects; docs/api.md maps each field to its Noark 5 name). Pure: the service gives the
// files' sizes and checksums.

import type { Programme } from '../domain/programmes.js';
import type { PrintableDocument } from './printable.js';

export const ARCHIVE_METADATA_FILE = 'metadata.json';
/** Raised when the shape changes, so a records system's import can tell which it reads. */
export const ARCHIVE_FORMAT_VERSION = 1;

export interface ArchiveCase {
  caseNumber: string;
  programme: Pick<Programme, 'id' | 'name' | 'owner'>;
  status: string;
  municipality: { name: string; number: string; organisationNumber: string };
  contact: { name: string; email: string };
  /** ISO instants. */
  submittedAt: string;
  decidedAt?: string;
  /** The case's latest event: when it was concluded. */
  lastEventAt: string;
}

export interface ArchiveFile {
  fileName: string;
  document: PrintableDocument;
  sizeBytes: number;
  /** Lowercase hex. */
  sha256: string;
}

export function archiveMetadata(c: ArchiveCase, files: readonly ArchiveFile[], createdAt: Date) {
  return {
    format: 'alis-archive-package',
    formatVersion: ARCHIVE_FORMAT_VERSION,
    createdAt: createdAt.toISOString(),
    case: {
      caseNumber: c.caseNumber,
      title: `Søknad om ALIS-tilskudd fra ${c.municipality.name} (${c.programme.name})`,
      programme: { id: c.programme.id, name: c.programme.name },
      status: c.status,
      dates: {
        submittedAt: c.submittedAt,
        ...(c.decidedAt && { decidedAt: c.decidedAt }),
        concludedAt: c.lastEventAt,
      },
      parties: [
        {
          role: 'responsible',
          name: c.programme.owner,
          unit: c.programme.name,
        },
        {
          role: 'applicant',
          name: c.municipality.name,
          municipalityNumber: c.municipality.number,
          organisationNumber: c.municipality.organisationNumber,
          contact: { name: c.contact.name, email: c.contact.email },
        },
      ],
    },
    documents: files.map((f, i) => ({
      number: i + 1,
      fileName: f.fileName,
      documentId: f.document.id,
      kind: f.document.kind,
      title: f.document.title,
      date: f.document.date,
      sender: f.document.sender,
      recipient: f.document.recipient,
      // Incoming (from the municipality) or outgoing (from the programme), as Noark's journal
      // entry types «I» and «U» tell them.
      direction:
        f.document.kind === 'application' || f.document.kind === 'complaint'
          ? 'incoming'
          : 'outgoing',
      mimeType: 'application/pdf',
      sizeBytes: f.sizeBytes,
      checksum: { algorithm: 'SHA-256', value: f.sha256 },
    })),
  };
}

export type ArchiveMetadata = ReturnType<typeof archiveMetadata>;
