// A case's documents gathered from what is stored under the application (the table fake, its
// partition answered as one query): every version sent, the payment notice of each notified
// position-year as its sealed row has it; as PDF attachments; and the archive package only for a
// concluded case.

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/errors.js';
import { readApplicationRecords } from '../../../shared/store/application-records.js';
import {
  archivePackage,
  caseDocumentAttachments,
  documentsOf,
} from '../../../shared/services/case-documents.js';
import nord from '../../fixtures/application-alis-nord.json';
import { dynamo, fakeTable, type FakeItem } from '../../support/table-fake.js';
import { storedApplication } from '../web/support.js';

const APP_ID = 'AN-2026-ABCDEFGH';
const PK = `APP#${APP_ID}`;

function items(status = 'ACTIVE'): FakeItem[] {
  const app = storedApplication();
  return [
    {
      ...app,
      status,
      version: 2,
      application: { ...app.application, backupOnCall: 'Ny bakvakt.' },
    },
    {
      pk: PK,
      sk: 'VERSION#001',
      applicationId: APP_ID,
      version: 1,
      application: app.application,
      replacedAt: '2026-11-20T10:00:00.000Z',
    },
    {
      pk: PK,
      sk: 'EVENT#2026-11-20T10:00:00.000Z#a',
      type: 'amended',
      at: '2026-11-20T10:00:00.000Z',
      by: nord.contact.email,
    },
    // Notified (year 1) and not yet (year 2): only the first has a notice.
    {
      pk: PK,
      sk: 'INSTALMENT#001',
      applicationId: APP_ID,
      position: 1,
      year: 1,
      years: 5,
      status: 'NOTIFIED',
      notificationId: 'AN-U-1',
    },
    {
      pk: PK,
      sk: 'INSTALMENT#002',
      applicationId: APP_ID,
      position: 1,
      year: 2,
      years: 5,
      status: 'SCHEDULED',
    },
    {
      pk: 'NOTIFICATION#AN-U-1',
      sk: 'NOTIFICATION',
      notificationId: 'AN-U-1',
      programme: 'alis-nord',
      createdAt: '2027-01-01T05:00:00.000Z',
      sentAt: '2027-01-01T05:00:02.000Z',
      status: 'SENT',
      payments: 0,
      instalments: [
        {
          applicationId: APP_ID,
          position: 1,
          year: 1,
          years: 5,
          dueDate: '2027-01-01',
          municipalityName: 'Vadsø',
          organisationNumber: nord.municipality.organisationNumber,
          grant: 200_000,
          egenandel: 50_000,
          net: 150_000,
        },
      ],
    },
  ];
}

function table(status?: string): void {
  const map = fakeTable(items(status));
  dynamo.on(QueryCommand).callsFake((input) => {
    const prefix = String(input.ExpressionAttributeValues[':prefix'] ?? '');
    return {
      Items: [...map.values()].filter(
        (i) => i.pk === input.ExpressionAttributeValues[':pk'] && String(i.sk).startsWith(prefix),
      ),
    };
  });
}

beforeEach(() => table());

async function records() {
  const found = await readApplicationRecords(APP_ID);
  if (!found) throw new Error('no records');
  return found;
}

describe('the documents of a case', () => {
  it('are every version sent and each notified position-year, in case order', async () => {
    const documents = await documentsOf(await records());
    expect(documents.map((d) => [d.id, d.date, d.title])).toEqual([
      ['application-1', '2026-11-03', 'Søknad om ALIS-tilskudd, versjon 1 av 2'],
      ['application-2', '2026-11-20', 'Søknad om ALIS-tilskudd, versjon 2 av 2'],
      ['payment-notice-1-1', '2027-01-01', 'Utbetalingsvarsel, stilling 1, år 1 av 5'],
    ]);
    const rows = (id: string) =>
      documents.find((d) => d.id === id)!.sections.flatMap((s) => s.rows ?? []);
    const backup = (id: string) => rows(id).find((r) => r.label === 'Bakvakt')?.value;
    expect(backup('application-1')).toBe(nord.backupOnCall);
    expect(backup('application-2')).toBe('Ny bakvakt.');
    expect(rows('payment-notice-1-1')).toContainEqual({ label: 'Varsel-ID', value: 'AN-U-1' });
  });

  it('go as PDF attachments, one per document, named by case and id', async () => {
    const attachments = await caseDocumentAttachments(APP_ID);
    expect(attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${APP_ID}-application-1.pdf`, 'application/pdf'],
      [`${APP_ID}-application-2.pdf`, 'application/pdf'],
      [`${APP_ID}-payment-notice-1-1.pdf`, 'application/pdf'],
    ]);
    for (const a of attachments) {
      expect(Buffer.from(a.content.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    }
  });
});

describe('the archive package', () => {
  it('is refused while a position runs', async () => {
    const running = { ...(await records()), positions: [{ status: 'ACTIVE' as const }] };
    await expect(archivePackage(running as never)).rejects.toBeInstanceOf(ConflictError);
  });

  it('of a concluded case zips every PDF with metadata.json', async () => {
    table('REJECTED');
    const file = await archivePackage({ ...(await records()), positions: [] });
    expect(file).toMatchObject({ filename: `${APP_ID}-arkiv.zip`, contentType: 'application/zip' });
    const files = unzipSync(file.bytes);
    const metadata = JSON.parse(Buffer.from(files['metadata.json']!).toString('utf8'));
    expect(Object.keys(files).sort()).toEqual(
      ['metadata.json', ...metadata.documents.map((d: { fileName: string }) => d.fileName)].sort(),
    );
    expect(metadata.case).toMatchObject({ caseNumber: APP_ID, status: 'REJECTED' });
    expect(metadata.documents).toHaveLength(3);
  });
});
