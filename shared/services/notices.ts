// E-mails to the municipality that the workflow sends: receipt and outcomes. Each is sent once per
// application; a marker item records it, so a retried task does not mail twice.

import { PROGRAMMES } from '../domain/programmes.js';
import type { AuditEventType } from '../domain/review.js';
import { sendMail, type MailMessage } from '../adapters/mail.js';
import {
  approvedMessage,
  receiptMessage,
  rejectedMessage,
  withdrawnMessage,
} from '../mail/to-municipality.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import { keys, type ApplicationItem, type ReviewRoundItem } from '../store/items.js';
import { getItem, tableName, transact } from '../store/table.js';
import { loadApplication } from './reviews.js';
import { statusUrl } from './submission.js';

export const NOTICES = ['received', 'approved', 'rejected', 'withdrawn'] as const;
export type Notice = (typeof NOTICES)[number];

const NOTICE_EVENTS: Record<Notice, { type: AuditEventType; comment?: string }> = {
  received: { type: 'receipt-sent' },
  approved: { type: 'municipality-notified', comment: 'Melding om godkjenning sendt' },
  rejected: { type: 'municipality-notified', comment: 'Melding om avslag sendt' },
  withdrawn: { type: 'municipality-notified', comment: 'Melding om trukket søknad sendt' },
};

export async function notifyMunicipality(
  applicationId: string,
  notice: Notice,
  now = new Date(),
): Promise<'sent' | 'already-sent'> {
  const marker = keys.notice(applicationId, notice);
  if (await getItem(marker)) return 'already-sent';
  const app = await loadApplication(applicationId);
  await sendMail([app.application.contact.email], await compose(app, notice));
  const event = NOTICE_EVENTS[notice];
  await transact([
    { Put: { TableName: tableName(), Item: { ...marker, sentAt: now.toISOString() } } },
    auditPut(auditEvent(applicationId, event.type, SYSTEM_ACTOR, now, event.comment)),
  ]);
  return 'sent';
}

async function compose(app: ApplicationItem, notice: Notice): Promise<MailMessage> {
  const programme = PROGRAMMES[app.programme];
  const common = {
    applicationId: app.applicationId,
    programme,
    municipalityName: app.application.municipality.name,
  };
  switch (notice) {
    case 'received':
      return receiptMessage({ ...common, statusUrl: statusUrl(app) });
    case 'approved':
      return approvedMessage({
        ...common,
        positions: app.application.positionsRequested,
        comment: (await latestDecision(app))?.comment || undefined,
      });
    case 'rejected':
      return rejectedMessage({ ...common, comment: (await latestDecision(app))?.comment ?? '' });
    case 'withdrawn':
      return withdrawnMessage(common);
  }
}

async function latestDecision(app: ApplicationItem) {
  const round = await getItem<ReviewRoundItem>(
    keys.reviewRound(app.applicationId, app.reviewRound),
  );
  return round?.decision;
}
