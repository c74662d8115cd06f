// The case documents as printable text: the application as sent carries exactly what the decision
// page summarises, each version numbered; a payment notice carries the sealed finance row; the
// archive's metadata lists each file with its checksum.

import { describe, expect, it } from 'vitest';
import { validateApplication } from '../../../shared/domain/application.js';
import { PROGRAMMES } from '../../../shared/domain/programmes.js';
import { archiveMetadata } from '../../../shared/presentation/archive-metadata.js';
import {
  applicationDocument,
  byCaseOrder,
  paymentNoticeDocument,
} from '../../../shared/presentation/case-documents.js';
import { applicationSummary } from '../../../shared/presentation/summary.js';
import nord from '../../fixtures/application-alis-nord.json';

function application() {
  const result = validateApplication(nord);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

const programme = PROGRAMMES['alis-nord'];
const APP_ID = 'AN-2026-ABCDEFGH';

describe('the application as sent', () => {
  const single = applicationDocument({
    applicationId: APP_ID,
    programme,
    version: 1,
    versions: 1,
    // 23:30 UTC is the next day in Oslo.
    sentAt: '2026-12-02T23:30:00.000Z',
    application: application(),
  });

  it('is from the municipality to the programme owner, dated the Oslo day it was sent', () => {
    expect(single).toMatchObject({
      id: 'application-1',
      kind: 'application',
      title: 'Søknad om ALIS-tilskudd',
      date: '2026-12-03',
      caseNumber: APP_ID,
      sender: `${application().municipality.name} v/ ${nord.contact.name}`,
      recipient: 'Bodø kommune, ALIS-Nord',
    });
  });

  it('holds every section and row of the summary the decision page shows, in order', () => {
    const summary = applicationSummary(application());
    expect(single.sections.slice(1)).toEqual(
      summary.map((s) => ({ heading: s.title, rows: s.rows })),
    );
  });

  it('numbers its versions when the application was amended', () => {
    const second = applicationDocument({
      applicationId: APP_ID,
      programme,
      version: 2,
      versions: 2,
      sentAt: '2026-12-10T09:00:00.000Z',
      application: application(),
    });
    expect(second.id).toBe('application-2');
    expect(second.title).toBe('Søknad om ALIS-tilskudd, versjon 2 av 2');
    expect(second.sections[0]!.rows).toContainEqual({ label: 'Versjon', value: '2 av 2' });
    expect(second.sections[0]!.rows![1]!.label).toBe('Endret søknad sendt');
  });
});

describe('a payment notice', () => {
  const line = {
    applicationId: APP_ID,
    position: 2,
    year: 3,
    years: 5,
    dueDate: '2029-01-01',
    municipalityName: 'Kárášjoga gielda',
    organisationNumber: '964830533',
    grant: 200_000,
    egenandel: 50_000,
    net: 150_000,
  };
  const notice = paymentNoticeDocument({
    programme,
    notificationId: 'AN-U-20290101-1',
    notifiedAt: '2029-01-01T05:00:00.000Z',
    line,
    contactName: 'Áile Ŋuvttá',
  });

  it('is one position-year, from the programme to the municipality', () => {
    expect(notice).toMatchObject({
      id: 'payment-notice-2-3',
      kind: 'payment-notice',
      title: 'Utbetalingsvarsel, stilling 2, år 3 av 5',
      date: '2029-01-01',
      sender: 'Bodø kommune, ALIS-Nord',
      recipient: 'Kárášjoga gielda v/ Áile Ŋuvttá',
    });
  });

  it('says what finance was asked to pay, as the sealed row has it', () => {
    const rows = notice.sections.flatMap((s) => s.rows ?? []);
    const value = (label: string) => rows.find((r) => r.label === label)?.value;
    expect(value('Organisasjonsnummer')).toBe('964830533');
    expect(value('Forfallsdato')).toBe('1. januar 2029');
    expect(value('Tilskudd')).toMatch(/^200\s000\skr$/);
    expect(value('Egenandel')).toMatch(/^50\s000\skr$/);
    expect(value('Til utbetaling')).toMatch(/^150\s000\skr$/);
    expect(value('Varsel-ID')).toBe('AN-U-20290101-1');
  });
});

describe('the order of a case', () => {
  it('is by date, then the application before letters and notices, then by number', () => {
    const doc = (id: string, kind: 'application' | 'letter' | 'payment-notice', date: string) => ({
      id,
      kind,
      date,
      title: id,
      caseNumber: APP_ID,
      sender: '',
      recipient: '',
      sections: [],
    });
    const sorted = [
      doc('payment-notice-1-10', 'payment-notice', '2027-01-01'),
      doc('payment-notice-1-2', 'payment-notice', '2027-01-01'),
      doc('letter-1', 'letter', '2026-12-03'),
      doc('application-1', 'application', '2026-12-03'),
    ].sort(byCaseOrder);
    expect(sorted.map((d) => d.id)).toEqual([
      'application-1',
      'letter-1',
      'payment-notice-1-2',
      'payment-notice-1-10',
    ]);
  });
});

describe('the archive metadata', () => {
  const document = applicationDocument({
    applicationId: APP_ID,
    programme,
    version: 1,
    versions: 1,
    sentAt: '2026-12-03T10:00:00.000Z',
    application: application(),
  });
  const metadata = archiveMetadata(
    {
      caseNumber: APP_ID,
      programme,
      status: 'REJECTED',
      municipality: { name: 'Hammerfest', number: '5603', organisationNumber: '964830533' },
      contact: { name: 'Kari Nordmann', email: 'kari@hammerfest.kommune.no' },
      submittedAt: '2026-12-03T10:00:00.000Z',
      decidedAt: '2026-12-10T10:00:00.000Z',
      lastEventAt: '2026-12-10T10:05:00.000Z',
    },
    [
      {
        fileName: 'AN-2026-ABCDEFGH-application-1.pdf',
        document,
        sizeBytes: 1234,
        sha256: 'ab'.repeat(32),
      },
    ],
    new Date('2027-01-05T08:00:00.000Z'),
  );

  it('names the case, its programme, its parties and its dates', () => {
    expect(metadata.case).toMatchObject({
      caseNumber: APP_ID,
      programme: { id: 'alis-nord', name: 'ALIS-Nord' },
      status: 'REJECTED',
      dates: {
        submittedAt: '2026-12-03T10:00:00.000Z',
        decidedAt: '2026-12-10T10:00:00.000Z',
        concludedAt: '2026-12-10T10:05:00.000Z',
      },
    });
    expect(metadata.case.parties).toEqual([
      { role: 'responsible', name: 'Bodø kommune', unit: 'ALIS-Nord' },
      expect.objectContaining({ role: 'applicant', organisationNumber: '964830533' }),
    ]);
    expect(metadata.createdAt).toBe('2027-01-05T08:00:00.000Z');
  });

  it('lists each file with its title, date, kind, direction and SHA-256', () => {
    expect(metadata.documents).toEqual([
      {
        number: 1,
        fileName: 'AN-2026-ABCDEFGH-application-1.pdf',
        documentId: 'application-1',
        kind: 'application',
        title: 'Søknad om ALIS-tilskudd',
        date: '2026-12-03',
        sender: document.sender,
        recipient: 'Bodø kommune, ALIS-Nord',
        direction: 'incoming',
        mimeType: 'application/pdf',
        sizeBytes: 1234,
        checksum: { algorithm: 'SHA-256', value: 'ab'.repeat(32) },
      },
    ]);
  });
});
