// E-mails to the municipality that the workflow sends: receipt and outcomes; and to the reviewers,
// that the municipality withdrew an application they had links for. Each is sent once per
// application: its notice item is recorded PENDING (with a timer) before sending and SENT after,
// so a retried task does not mail twice, and a notice the workflow gave up on (an SES outage
// longer than the step's retries; the workflow goes on) is sent by the daily run.

import { PROGRAMMES } from '../domain/programmes.js';
import type { AuditEventType } from '../domain/review.js';
import { logger } from '../adapters/logger.js';
import type { MailContent } from '../adapters/mail.js';
import {
  approvedMessage,
  receiptMessage,
  rejectedMessage,
  withdrawnMessage,
} from '../mail/to-municipality.js';
import { applicationWithdrawnMessage } from '../mail/to-reviewers.js';
import { WorkflowDataError } from '../errors.js';
import { publicUrls } from '../public-urls.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import type { ApplicationItem } from '../store/items.js';
import { getApplication } from '../store/applications.js';
import {
  NOTICES,
  type Notice,
  type NoticeItem,
  getNotice,
  claimNotice,
  releaseNotice,
  noticeSentPart,
  recordPendingNotice,
} from '../store/notices.js';
import { getContactVerification } from '../store/contacts.js';
import { getReviewRound } from '../store/review-rounds.js';
import { transact } from '../store/table.js';
import { isAlive } from '../adapters/workflow.js';
import { instalmentOf } from '../domain/grant.js';
import { readGrant } from './grants.js';
import { startLinks } from './positions.js';
import { issueLink } from './links.js';
import { STOPPED_REVIEW } from './resume.js';
import { statusTokenOf } from './status.js';
import { deliverMail } from './mailing.js';
import { approvalLetter } from '../domain/letters.js';
import { letterForMail } from './letters.js';
import { programmeForApplication } from './programme-settings.js';
import { programmeLead } from './staff-register.js';

export { NOTICES, type Notice };

const NOTICE_EVENTS: Record<Notice, { type: AuditEventType; comment?: string }> = {
  received: { type: 'receipt-sent' },
  approved: { type: 'municipality-notified', comment: 'Melding om godkjenning sendt' },
  rejected: { type: 'municipality-notified', comment: 'Melding om avslag sendt' },
  withdrawn: { type: 'municipality-notified', comment: 'Melding om trukket søknad sendt' },
  'withdrawn-reviewers': { type: 'reviewers-notified', comment: 'Melding om trukket søknad sendt' },
};

/**
 * Notices sent only when the transaction that made them due recorded them: the workflow's step
 * passes by them on every other path (the reviewers hear of a withdrawal by the municipality, not
 * of one for an address never confirmed or a change request unanswered).
 */
const ONLY_WHEN_RECORDED: ReadonlySet<Notice> = new Set(['withdrawn-reviewers']);

export async function notifyMunicipality(
  applicationId: string,
  notice: Notice,
  now = new Date(),
): Promise<'sent' | 'already-sent' | 'not-due'> {
  // One sender at a time: the daily run may find a notice due while the workflow's step sends it.
  // Whoever holds the claim sends; should it die, the claim goes stale and the daily run sends.
  // Most notices are recorded pending by the transaction that made them due, so the claim comes
  // first, and only a refused claim reads why.
  if (!(await claimNotice(applicationId, notice, now))) {
    // Sent already, or another sender holds it.
    if (await getNotice(applicationId, notice)) return 'already-sent';
    if (ONLY_WHEN_RECORDED.has(notice)) return 'not-due';
    // Recorded before sending, so that the daily run sends it should this step give up for good.
    await recordPendingNotice(applicationId, notice, now);
    if (!(await claimNotice(applicationId, notice, now))) return 'already-sent';
  }
  // Not reviews.ts's loadApplication: that module settles stopped reviews with this one.
  const app = await getApplication(applicationId);
  if (!app) throw new WorkflowDataError(`No application ${applicationId}`);
  try {
    const content = await compose(app, notice);
    // One e-mail per recipient, so a reviewer never sees the others' addresses. At least once, as
    // every notice: a crash between two of them sends them all again.
    for (const to of await recipientsOf(app, notice)) {
      await deliverMail(
        { to: [to], message: content, programme: app.programme, applicationId },
        now,
      );
    }
  } catch (error) {
    // Not sent: the claim goes, so the step's next attempt sends without waiting for it to age.
    await releaseNotice(applicationId, notice, now).catch(() => undefined);
    throw error;
  }
  const event = NOTICE_EVENTS[notice];
  await transact({
    marker: noticeSentPart(applicationId, notice, now),
    audit: auditPut(auditEvent(applicationId, event.type, SYSTEM_ACTOR, now, event.comment)),
  });
  logger.info(notice === 'withdrawn-reviewers' ? 'reviewers notified' : 'municipality notified', {
    applicationId,
    notice,
  });
  return 'sent';
}

async function compose(app: ApplicationItem, notice: Notice): Promise<MailContent> {
  const programme = PROGRAMMES[app.programme];
  const common = {
    applicationId: app.applicationId,
    programme,
    lead: await programmeLead(app.programme),
    municipalityName: app.application.municipality.name,
  };
  switch (notice) {
    case 'received':
      return receiptMessage({
        ...common,
        statusUrl: publicUrls.status(statusTokenOf(app)),
        verify: await verifyLinkFor(app),
      });
    case 'approved': {
      // The workflow's "Create grant" step writes the grant before this e-mail; its plan is what
      // the e-mail states.
      const written = await readGrant(app.applicationId);
      if (!written) throw new WorkflowDataError(`No grant for ${app.applicationId} to announce`);
      const { grant, instalments } = written;
      const decision = await latestDecision(app);
      // Less than asked is a letter; the terms are the application's own round's.
      const { round } = await programmeForApplication(app);
      const reduction = round
        ? approvalLetter(
            app.application,
            {
              positionsApproved: grant.positions,
              yearlyAmount: grant.yearlyAmountPerPosition,
              comment: decision?.comment,
            },
            round,
          )
        : undefined;
      return approvedMessage({
        ...common,
        positions: grant.positions,
        comment: decision?.comment || undefined,
        ...(reduction && {
          letter: await letterForMail(app.applicationId, reduction, app.reviewRound),
        }),
        plan: {
          startDate: grant.startDate,
          years: grant.years,
          yearlyAmountPerPosition: grant.yearlyAmountPerPosition,
          egenandelPerPosition: grant.egenandelPerPosition,
          instalments: instalments.map(instalmentOf),
          // Fresh links each time the e-mail is composed; any of them reports the start once.
          awaitingStart: await startLinks(grant),
        },
      });
    }
    case 'rejected': {
      // The rejection is a letter: kept once per review round, shown again behind the status link.
      const comment = (await latestDecision(app))?.comment ?? '';
      const letter = await letterForMail(
        app.applicationId,
        { kind: 'rejected', comment },
        app.reviewRound,
      );
      return rejectedMessage({ ...common, letter });
    }
    case 'withdrawn':
      return withdrawnMessage({ ...common, byMunicipality: app.withdrawnBy === 'municipality' });
    case 'withdrawn-reviewers':
      return applicationWithdrawnMessage(common);
  }
}

/** The contact; for a withdrawal's news to the reviewers, those of the latest round (who had links). */
async function recipientsOf(app: ApplicationItem, notice: Notice): Promise<string[]> {
  if (notice !== 'withdrawn-reviewers') return [app.application.contact.email];
  return (await getReviewRound(app.applicationId, app.reviewRound))?.reviewers ?? [];
}

/**
 * A fresh verify link while the application waits for its contact. A receipt sent again (at least
 * once) carries another; the first confirmation closes the wait, and every link after it is spent.
 */
async function verifyLinkFor(
  app: ApplicationItem,
): Promise<{ url: string; deadline: string } | undefined> {
  if (app.status !== 'AWAITING_CONTACT') return undefined;
  const verification = await getContactVerification(app.applicationId);
  if (verification?.status !== 'OPEN') return undefined;
  const token = await issueLink({
    purpose: 'verify',
    applicationId: app.applicationId,
    round: 0,
    holder: app.application.contact.email,
    expiresAt: new Date(verification.deadline),
  });
  return { url: publicUrls.verify(token), deadline: verification.deadline };
}

async function latestDecision(app: ApplicationItem) {
  const round = await getReviewRound(app.applicationId, app.reviewRound);
  return round?.decision;
}

/** The daily run's part: a notice still pending when its timer is due, which the workflow gave up. */
export async function sendPendingNotice(notice: NoticeItem, now: Date): Promise<string> {
  if (notice.status !== 'PENDING' && notice.status !== 'SENDING') return 'skipped';
  if (notice.kind === 'approved' && !(await readGrant(notice.applicationId))) {
    // The approval is recorded with its notice, before the workflow's "Create grant" writes the
    // grant that the e-mail states: the workflow (or this run's own hand-over of the decision,
    // which may be resuming it right now) is still on its way. The notice stays due; should the
    // review have stopped, it is resumed here, and its "Notify approval" sends the notice.
    if (!isAlive(await STOPPED_REVIEW.executionStatus(notice))) {
      await STOPPED_REVIEW.settle(notice, now);
      return 'review-resumed';
    }
    return 'waiting-for-grant';
  }
  return notifyMunicipality(notice.applicationId, notice.kind, now);
}
