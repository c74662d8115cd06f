// The yearly confirmation before every year after the first: the municipality confirms through a
// link that the ALIS is still in the position (with employment model and list size), or reports
// the end. The daily run reminds, holds the instalment on the due date, and ends the grant when no
// answer has come long after.

import {
  confirmationReminderAt,
  instalmentHeldAt,
  parseConfirmation,
  unconfirmedGrantEndsAt,
  instalmentOf,
} from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { sendMail } from '../adapters/mail.js';
import { ConflictError, GoneError, ValidationError, WorkflowDataError } from '../errors.js';
import { hashToken } from '../links.js';
import { instalmentHeldMessage } from '../mail/to-lead.js';
import { confirmationRequestMessage } from '../mail/to-municipality.js';
import { publicUrls } from '../public-urls.js';
import { SYSTEM_ACTOR, auditEvent, auditPut, recordEvent } from '../store/audit.js';
import {
  advanceConfirmationStagePart,
  answerConfirmationPart,
  getConfirmation,
  markConfirmationMailed,
  markUnconfirmedPart,
  openConfirmation,
  replaceConfirmationLink,
} from '../store/confirmations.js';
import { moveInstalment } from '../store/grants.js';
import {
  keys,
  timerAttributes,
  type ConfirmationItem,
  type GrantItem,
  type InstalmentItem,
  type LinkItem,
} from '../store/items.js';
import { spendLinkPart } from '../store/links.js';
import { transact } from '../store/table.js';
import { loadGrant, loadInstalment, mailOnce } from './grants.js';
import { hasExpired, issueLink, resolveLink } from './links.js';
import { STOPPED_PAYMENT } from './resume.js';
import {
  handOverAnswer,
  handOverOrLeaveToTimer,
  takeOverTask,
  type WaitingTaskFamily,
} from './waiting-task.js';
import { staffWithRole } from './staff-register.js';

/** Confirmations wait for the municipality's answer, or the daily run's "unconfirmed". */
export const CONFIRMATIONS: WaitingTaskFamily<ConfirmationItem> = {
  name: 'confirmation',
  answerOf: (confirmation) =>
    confirmation.outcome ? { outcome: confirmation.outcome } : undefined,
  // An answer that meets a stopped payment resumes it; the resumed execution takes it from there.
  stopped: STOPPED_PAYMENT,
};

/**
 * The "Request confirmation" task: opens the year's confirmation bound to this task token and mails
 * the municipality its link. A retried attempt takes the confirmation over; an answer given in
 * between goes to the new token at once.
 */
export async function requestConfirmation(
  applicationId: string,
  year: number,
  taskToken: string,
  now = new Date(),
): Promise<void> {
  const grant = await loadGrant(applicationId);
  const instalment = await loadInstalment(applicationId, year);
  const programme = PROGRAMMES[grant.programme];
  const key = keys.confirmation(applicationId, year);
  let confirmation = await getConfirmation(applicationId, year);
  if (!confirmation) {
    const remindAt = confirmationReminderAt(instalment.dueDate, programme);
    const fresh: ConfirmationItem = {
      ...key,
      applicationId,
      year,
      dueDate: instalment.dueDate,
      taskToken,
      status: 'OPEN',
      requestedAt: now.toISOString(),
      timerStage: 'remind',
      ...timerAttributes(remindAt > now ? remindAt : now, key),
    };
    confirmation = (await openConfirmation(fresh, grant.programme))
      ? fresh
      : await getConfirmation(applicationId, year);
    if (!confirmation) throw new WorkflowDataError(`Confirmation ${year} of ${applicationId} lost`);
  }
  confirmation = await takeOverTask(CONFIRMATIONS, key, confirmation, taskToken);
  if (confirmation.outcome) {
    await handOverAnswer(CONFIRMATIONS, key);
    return;
  }
  await moveInstalment(applicationId, year, 'AWAITING_CONFIRMATION', now);
  if (confirmation.notifiedAt) return;
  await mailConfirmationLink(grant, instalment, false);
  await markConfirmationMailed(applicationId, year, now);
  await recordEvent(
    auditEvent(applicationId, 'confirmation-requested', SYSTEM_ACTOR, now, `År ${year}`),
  );
  logger.info('confirmation requested', { applicationId, year });
}

/** A fresh link: the one mailed before stops working, so only the latest e-mail's link acts. */
async function mailConfirmationLink(
  grant: GrantItem,
  instalment: InstalmentItem,
  reminder: boolean,
): Promise<void> {
  const programme = PROGRAMMES[grant.programme];
  const lastDay = unconfirmedGrantEndsAt(instalment.dueDate, programme);
  const token = await issueLink({
    purpose: 'confirmation',
    applicationId: grant.applicationId,
    round: instalment.year,
    holder: grant.contactEmail,
    expiresAt: lastDay,
  });
  await replaceConfirmationLink(grant.applicationId, instalment.year, hashToken(token));
  await sendMail(
    [grant.contactEmail],
    confirmationRequestMessage({
      ...instalmentOf(instalment),
      programme,
      municipalityName: grant.municipality.name,
      confirmUrl: publicUrls.confirmation(token),
      lastDay: lastDay.toISOString(),
      reminder,
    }),
  );
}

export interface ConfirmationContext {
  link: LinkItem;
  confirmation: ConfirmationItem;
  grant: GrantItem;
  instalment: InstalmentItem;
}

/** What a confirmation link shows. Reads only: e-mail scanners fetch links before people do. */
export async function openConfirmationLink(
  token: string,
  now = new Date(),
): Promise<ConfirmationContext> {
  const link = await resolveLink(token, 'confirmation');
  const [confirmation, grant, instalment] = await Promise.all([
    getConfirmation(link.applicationId, link.round),
    loadGrant(link.applicationId),
    loadInstalment(link.applicationId, link.round),
  ]);
  if (!confirmation) throw new WorkflowDataError(`Link to a missing confirmation`);
  if (confirmation.status === 'ANSWERED') throw alreadyAnswered(confirmation);
  if (confirmation.status !== 'OPEN' || hasExpired(link, now)) {
    throw new GoneError('Confirmation deadline passed');
  }
  if (confirmation.linkHash !== link.pk.slice('LINK#'.length)) {
    throw new GoneError('A newer confirmation link replaced this one');
  }
  return { link, confirmation, grant, instalment };
}

function alreadyAnswered(confirmation: ConfirmationItem): ConflictError {
  const at = confirmation.answer?.at ?? '';
  return new ConflictError([
    {
      path: '',
      code: 'already-answered',
      message: `Bekreftelsen for år ${confirmation.year} er allerede sendt${at ? ` (${at.slice(0, 10)})` : ''}. Lenken kan bare brukes én gang.`,
    },
  ]);
}

/**
 * Records the municipality's answer in one transaction that spends the link and closes the
 * confirmation, then hands the answer to the year's waiting workflow.
 */
export async function confirm(
  token: string,
  fields: unknown,
  now = new Date(),
): Promise<{ applicationId: string; year: number; status: 'continuing' | 'ended' }> {
  const { link, confirmation, grant } = await openConfirmationLink(token, now);
  const parsed = parseConfirmation(fields);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const answer = parsed.value;
  if (answer.status === 'ended' && answer.endDate < grant.startDate) {
    throw new ValidationError([
      {
        path: 'endDate',
        code: 'before-start',
        message: `Sluttdatoen kan ikke være før tilskuddet startet (${grant.startDate}).`,
      },
    ]);
  }
  const { applicationId, year } = confirmation;
  const written = await transact({
    confirmation: answerConfirmationPart(
      applicationId,
      year,
      link.pk.slice('LINK#'.length),
      { ...answer, by: link.holder, at: now.toISOString() },
      now,
    ),
    link: spendLinkPart(link, now),
    audit: auditPut(
      auditEvent(
        applicationId,
        answer.status === 'continuing' ? 'position-confirmed' : 'position-ended',
        link.holder,
        now,
        answer.status === 'continuing'
          ? `År ${year}: ${answer.employmentModel}, ${answer.listSize} pasienter`
          : `År ${year}: avsluttet ${answer.endDate}`,
      ),
    ),
  });
  if (!written.ok) {
    const current = await getConfirmation(applicationId, year);
    if (current?.status === 'ANSWERED') throw alreadyAnswered(current);
    throw new GoneError('The confirmation is no longer open');
  }
  logger.info('confirmation answered', { applicationId, year, status: answer.status });
  await handOverOrLeaveToTimer(
    CONFIRMATIONS,
    keys.confirmation(applicationId, year),
    applicationId,
  );
  return { applicationId, year, status: answer.status };
}

/**
 * The daily run's work on a confirmation: hand over an answer not yet handed over; remind 14 days
 * before the due date; hold the instalment on the due date (and tell the lead); end the grant as
 * unconfirmed long after. Each stage's e-mails go out before the stage moves on, so a crash in
 * between repeats a reminder rather than losing it.
 */
export async function onConfirmationTimer(
  confirmation: ConfirmationItem,
  now: Date,
): Promise<string> {
  const key = keys.confirmation(confirmation.applicationId, confirmation.year);
  if (confirmation.timerStage === 'resume') {
    await handOverAnswer(CONFIRMATIONS, key, now, 'check-execution');
    return 'handed-over';
  }
  if (confirmation.status !== 'OPEN') return 'skipped';
  const { applicationId, year } = confirmation;
  const grant = await loadGrant(applicationId);
  const instalment = await loadInstalment(applicationId, year);
  const programme = PROGRAMMES[grant.programme];

  switch (confirmation.timerStage) {
    case 'remind': {
      await mailConfirmationLink(grant, instalment, true);
      await transact({
        stage: advanceConfirmationStagePart(confirmation, 'remind', {
          stage: 'hold',
          dueAt: laterOf(instalmentHeldAt(instalment.dueDate), now),
        }),
        audit: auditPut(
          auditEvent(applicationId, 'confirmation-reminder-sent', SYSTEM_ACTOR, now, `År ${year}`),
        ),
      });
      return 'reminded';
    }
    case 'hold': {
      if (await moveInstalment(applicationId, year, 'HELD', now)) {
        await recordEvent(
          auditEvent(applicationId, 'instalment-held', SYSTEM_ACTOR, now, `År ${year}`),
        );
      }
      await mailOnce(
        applicationId,
        `held-y${year}`,
        await staffWithRole(grant.programme, 'lead'),
        () =>
          instalmentHeldMessage({
            programme,
            applicationId,
            municipalityName: grant.municipality.name,
            year,
            dueDate: instalment.dueDate,
            net: instalment.net,
            lastDay: unconfirmedGrantEndsAt(instalment.dueDate, programme).toISOString(),
          }),
      );
      await transact({
        stage: advanceConfirmationStagePart(confirmation, 'hold', {
          stage: 'end',
          dueAt: laterOf(unconfirmedGrantEndsAt(instalment.dueDate, programme), now),
        }),
      });
      return 'held';
    }
    case 'end': {
      const written = await transact({
        confirmation: markUnconfirmedPart(confirmation, now),
        audit: auditPut(
          auditEvent(applicationId, 'confirmation-missing', SYSTEM_ACTOR, now, `År ${year}`),
        ),
      });
      if (!written.ok) return 'skipped';
      await handOverAnswer(CONFIRMATIONS, key, now, 'check-execution');
      return 'unconfirmed';
    }
    default:
      return 'skipped';
  }
}

function laterOf(a: Date, b: Date): Date {
  return a > b ? a : b;
}
