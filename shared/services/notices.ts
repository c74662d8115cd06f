// E-mails to the municipality that the workflow sends: receipt and outcomes. Each is sent once per
// application; a marker item records it, so a retried task does not mail twice.

import { PROGRAMMES } from '../domain/programmes.js';
import type { AuditEventType } from '../domain/review.js';
import { logger } from '../adapters/logger.js';
import { sendMail, type MailContent } from '../adapters/mail.js';
import {
  approvedMessage,
  receiptMessage,
  rejectedMessage,
  withdrawnMessage,
} from '../mail/to-municipality.js';
import { WorkflowDataError } from '../errors.js';
import { publicUrls } from '../public-urls.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import type { ApplicationItem } from '../store/items.js';
import { NOTICES, type Notice, noticeSentPart, noticeWasSent } from '../store/notices.js';
import { getReviewRound } from '../store/review-rounds.js';
import { transact } from '../store/table.js';
import { readGrant } from './grants.js';
import { loadApplication } from './reviews.js';
import { statusTokenOf } from './status.js';

export { NOTICES, type Notice };

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
  if (await noticeWasSent(applicationId, notice)) return 'already-sent';
  const app = await loadApplication(applicationId);
  await sendMail([app.application.contact.email], await compose(app, notice));
  const event = NOTICE_EVENTS[notice];
  await transact({
    marker: noticeSentPart(applicationId, notice, now),
    audit: auditPut(auditEvent(applicationId, event.type, SYSTEM_ACTOR, now, event.comment)),
  });
  logger.info('municipality notified', { applicationId, notice });
  return 'sent';
}

async function compose(app: ApplicationItem, notice: Notice): Promise<MailContent> {
  const programme = PROGRAMMES[app.programme];
  const common = {
    applicationId: app.applicationId,
    programme,
    municipalityName: app.application.municipality.name,
  };
  switch (notice) {
    case 'received':
      return receiptMessage({ ...common, statusUrl: publicUrls.status(statusTokenOf(app)) });
    case 'approved': {
      // The workflow's "Create grant" step writes the grant before this e-mail; its plan is what
      // the e-mail states.
      const written = await readGrant(app.applicationId);
      if (!written) throw new WorkflowDataError(`No grant for ${app.applicationId} to announce`);
      const { grant, instalments } = written;
      return approvedMessage({
        ...common,
        positions: grant.positions,
        comment: (await latestDecision(app))?.comment || undefined,
        plan: {
          startDate: grant.startDate,
          years: grant.years,
          yearlyAmountPerPosition: grant.yearlyAmountPerPosition,
          egenandelPerPosition: grant.egenandelPerPosition,
          instalments: instalments.map(({ year, dueDate, grant, egenandel, net }) => ({
            year,
            dueDate,
            grant,
            egenandel,
            net,
          })),
        },
      });
    }
    case 'rejected':
      return rejectedMessage({ ...common, comment: (await latestDecision(app))?.comment ?? '' });
    case 'withdrawn':
      return withdrawnMessage(common);
  }
}

async function latestDecision(app: ApplicationItem) {
  const round = await getReviewRound(app.applicationId, app.reviewRound);
  return round?.decision;
}
