// The yearly confirmation before every year after the first: the municipality confirms through a
// link that the ALIS is still in the position (with employment model and list size), or reports
// the end. The daily run reminds, holds the instalment on the due date, and ends the grant when no
// answer has come long after.

import {
  confirmationReminderAt,
  instalmentHeldAt,
  parseConfirmations,
  unconfirmedGrantEndsAt,
  instalmentOf,
} from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { METRIC_NAMES, recordMetric } from '../adapters/metrics.js';
import { ConflictError, GoneError, ValidationError, WorkflowDataError } from '../errors.js';
import { hashToken } from '../links.js';
import { instalmentHeldMessage } from '../mail/to-lead.js';
import { confirmationRequestMessage } from '../mail/to-municipality.js';
import { publicUrls } from '../public-urls.js';
import { SYSTEM_ACTOR, auditEvent, auditPut, recordEvent } from '../store/audit.js';
import {
  advanceConfirmationStagePart,
  answerConfirmationPart,
  claimConfirmationMailPart,
  getConfirmation,
  listConfirmations,
  markConfirmationMailed,
  markUnconfirmedPart,
  openConfirmation,
  replaceConfirmationLink,
} from '../store/confirmations.js';
import {
  getPositionItem,
  listInstalments,
  moveInstalment,
  reportPositionPart,
} from '../store/grants.js';
import {
  keys,
  timerAttributes,
  type ConfirmationItem,
  type GrantItem,
  type InstalmentItem,
  type LinkItem,
  type PositionYear,
} from '../store/items.js';
import { spendLinkPart } from '../store/links.js';
import { yearNotice } from '../store/notices.js';
import { transact, type TransactItem } from '../store/table.js';
import { loadGrant, loadInstalment, mailOnce, readPositions } from './grants.js';
import { yearText } from './payments.js';
import { hasExpired, issueLink, resolveLink } from './links.js';
import { STOPPED_PAYMENT } from './resume.js';
import {
  handOverAnswer,
  handOverOrLeaveToTimer,
  takeOverTask,
  type WaitingTaskFamily,
} from './waiting-task.js';
import { deliverMail } from './mailing.js';
import { staffWithRole, programmeLead } from './staff-register.js';

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
  ref: PositionYear,
  taskToken: string,
  now = new Date(),
): Promise<void> {
  const { applicationId, position, year } = ref;
  const grant = await loadGrant(applicationId);
  const instalment = await loadInstalment(ref);
  const programme = PROGRAMMES[grant.programme];
  const key = keys.confirmation(ref);
  let confirmation = await getConfirmation(ref);
  if (!confirmation) {
    const remindAt = confirmationReminderAt(instalment.dueDate, programme);
    const fresh: ConfirmationItem = {
      ...key,
      applicationId,
      position,
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
      : await getConfirmation(ref);
    if (!confirmation) throw new WorkflowDataError(`Confirmation ${year} of ${applicationId} lost`);
  }
  confirmation = await takeOverTask(CONFIRMATIONS, key, confirmation, taskToken);
  if (confirmation.outcome) {
    await handOverAnswer(CONFIRMATIONS, key);
    return;
  }
  await moveInstalment(ref, 'AWAITING_CONFIRMATION', now);
  if (confirmation.notifiedAt) return;
  const group = await requestMailGroup(confirmation, now);
  if (!group) return;
  await mailConfirmationLink(grant, group, false);
  for (const { confirmation: asked } of group) {
    await markConfirmationMailed(asked, now);
    await recordEvent(
      auditEvent(applicationId, 'confirmation-requested', SYSTEM_ACTOR, now, yearText(asked)),
    );
  }
  logger.info('confirmation requested', {
    applicationId,
    positions: group.map((g) => g.confirmation.position),
    year,
  });
}

type AskedYear = { confirmation: ConfirmationItem; instalment: InstalmentItem };

/**
 * The position-years one first request e-mail asks about: a grant's positions due the same day
 * (doctors who started together) get one e-mail and one link. The step of the last of them to
 * open its request claims them all and mails; the others find them claimed and mail nothing. While
 * a position due the same day has not yet opened its request, the step leaves the mail to that
 * position's step. A retried step that holds the claim mails what it claimed, if not yet sent.
 */
async function requestMailGroup(
  own: ConfirmationItem,
  now: Date,
): Promise<AskedYear[] | undefined> {
  const { applicationId } = own;
  const instalments = await listInstalments(applicationId);
  const confirmations = await listConfirmations(applicationId);
  const instalmentOfYear = (c: ConfirmationItem) =>
    instalments.find((i) => i.position === c.position && i.year === c.year);
  const pair = (c: ConfirmationItem): AskedYear[] => {
    const instalment = instalmentOfYear(c);
    return instalment ? [{ confirmation: c, instalment }] : [];
  };
  if (own.mailer !== undefined) {
    if (own.mailer !== own.position) return undefined;
    return confirmations
      .filter(
        (c) =>
          c.mailer === own.position &&
          c.dueDate === own.dueDate &&
          c.status === 'OPEN' &&
          !c.notifiedAt,
      )
      .flatMap(pair);
  }
  const together: ConfirmationItem[] = [own];
  for (const sibling of instalments) {
    if (sibling.position === own.position || sibling.year < 2) continue;
    if (sibling.dueDate !== own.dueDate || sibling.status === 'CANCELLED') continue;
    const opened = confirmations.find(
      (c) => c.position === sibling.position && c.year === sibling.year,
    );
    // Its workflow has yet to ask: its step will mail for all of them.
    if (!opened) {
      if (sibling.status === 'SCHEDULED') return undefined;
      continue;
    }
    if (opened.status === 'OPEN' && !opened.notifiedAt && opened.mailer === undefined) {
      together.push(opened);
    }
  }
  const claimed = await transact(
    Object.fromEntries(
      together.map((c) => [`p${c.position}`, claimConfirmationMailPart(c, own.position)]),
    ),
  );
  if (!claimed.ok) return undefined;
  logger.info('confirmation requests claimed for one e-mail', {
    applicationId,
    positions: together.map((c) => c.position),
    at: now.toISOString(),
  });
  return together.sort((a, b) => a.position - b.position).flatMap(pair);
}

/** A fresh link: the one mailed before stops working, so only the latest e-mail's link acts. */
async function mailConfirmationLink(
  grant: GrantItem,
  asked: readonly AskedYear[],
  reminder: boolean,
): Promise<void> {
  const [first, ...others] = asked.map((a) => a.instalment);
  if (!first) return;
  const programme = PROGRAMMES[grant.programme];
  const lastDay = unconfirmedGrantEndsAt(first.dueDate, programme);
  const token = await issueLink({
    purpose: 'confirmation',
    applicationId: grant.applicationId,
    round: first.year,
    positions: asked.map(({ instalment }) => ({
      position: instalment.position,
      year: instalment.year,
    })),
    holder: grant.contactEmail,
    expiresAt: lastDay,
  });
  for (const { instalment } of asked) await replaceConfirmationLink(instalment, hashToken(token));
  await deliverMail({
    to: [grant.contactEmail],
    message: confirmationRequestMessage({
      ...instalmentOf(first),
      programme,
      lead: await programmeLead(grant.programme),
      municipalityName: grant.municipality.name,
      positions: grant.positions,
      also: others.map(instalmentOf),
      confirmUrl: publicUrls.confirmation(token),
      lastDay: lastDay.toISOString(),
      reminder,
    }),
    programme: grant.programme,
    applicationId: grant.applicationId,
  });
}

export interface ConfirmationContext {
  link: LinkItem;
  grant: GrantItem;
  /** The position-years the link asks about, each with its confirmation and instalment. */
  asked: { confirmation: ConfirmationItem; instalment: InstalmentItem }[];
  /** The first asked, for a page about one position. */
  confirmation: ConfirmationItem;
  instalment: InstalmentItem;
}

/** The position-years a confirmation link asks about (one from before positions: position 1's). */
function askedBy(link: LinkItem): PositionYear[] {
  const listed = link.positions ?? [{ position: 1, year: link.round }];
  return listed.map((p) => ({ applicationId: link.applicationId, ...p }));
}

/** What a confirmation link shows. Reads only: e-mail scanners fetch links before people do. */
export async function openConfirmationLink(
  token: string,
  now = new Date(),
): Promise<ConfirmationContext> {
  const link = await resolveLink(token, 'confirmation');
  const grant = await loadGrant(link.applicationId);
  const asked = await Promise.all(
    askedBy(link).map(async (ref) => ({
      confirmation: await getConfirmation(ref),
      instalment: await loadInstalment(ref),
    })),
  );
  const linkHash = link.pk.slice('LINK#'.length);
  const open: ConfirmationContext['asked'] = [];
  for (const { confirmation, instalment } of asked) {
    if (!confirmation) throw new WorkflowDataError(`Link to a missing confirmation`);
    if (confirmation.status === 'ANSWERED') throw alreadyAnswered(confirmation);
    if (confirmation.status !== 'OPEN' || hasExpired(link, now)) {
      throw new GoneError('Confirmation deadline passed');
    }
    if (confirmation.linkHash !== linkHash) {
      throw new GoneError('A newer confirmation link replaced this one');
    }
    open.push({ confirmation, instalment });
  }
  const [first] = open;
  if (!first) throw new WorkflowDataError('A confirmation link that asks about nothing');
  return { link, grant, asked: open, ...first };
}

/** The JSON answer of a confirmation link: the positions it asks about. */
export function confirmationQuestion(context: ConfirmationContext) {
  return {
    applicationId: context.grant.applicationId,
    positions: context.asked.map(({ instalment }) => ({
      position: instalment.position,
      year: instalment.year,
      dueDate: instalment.dueDate,
    })),
  };
}

function alreadyAnswered(confirmation: ConfirmationItem): ConflictError {
  const at = confirmation.answer?.at ?? '';
  return new ConflictError([
    {
      path: '',
      code: 'already-answered',
      message: `Bekreftelsen for ${yearText(confirmation).toLowerCase()} er allerede sendt${at ? ` (${at.slice(0, 10)})` : ''}. Lenken kan bare brukes én gang.`,
    },
  ]);
}

/**
 * Records the municipality's answers (one per position the link asks about) in one transaction
 * that spends the link and closes each confirmation, then hands each answer to its position-year's
 * waiting workflow. A position that ended cancels only its own later years.
 */
export async function confirm(
  token: string,
  fields: unknown,
  now = new Date(),
): Promise<{
  applicationId: string;
  year: number;
  status: 'continuing' | 'ended';
  positions: { position: number; year: number; status: 'continuing' | 'ended' }[];
}> {
  const { link, grant, asked } = await openConfirmationLink(token, now);
  const parsed = parseConfirmations(
    fields,
    asked.map(({ confirmation }) => confirmation.position),
  );
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const positions = await readPositions(grant);
  const parts: Record<string, TransactItem> = { link: spendLinkPart(link, now) };
  const linkHash = link.pk.slice('LINK#'.length);
  const answered: { position: number; year: number; status: 'continuing' | 'ended' }[] = [];
  for (const [i, { position, confirmation: answer }] of parsed.value.entries()) {
    const { confirmation } = asked.find((a) => a.confirmation.position === position)!;
    const startDate = positions.find((p) => p.position === position)?.startDate ?? grant.startDate;
    if (answer.status === 'ended' && answer.endDate < startDate) {
      throw new ValidationError([
        {
          path:
            parsed.value.length > 1 || Object.hasOwn(fieldsOf(fields), 'positions')
              ? `positions.${i}.endDate`
              : 'endDate',
          code: 'before-start',
          message: `Sluttdatoen kan ikke være før tilskuddet startet (${startDate}).`,
        },
      ]);
    }
    parts[`confirmation:${i}`] = answerConfirmationPart(
      confirmation,
      linkHash,
      { ...answer, by: link.holder, at: now.toISOString() },
      now,
    );
    if (answer.status === 'continuing') {
      if (positions.length > 1 || (await getPositionItem(grant.applicationId, position))) {
        parts[`position:${i}`] = reportPositionPart(grant.applicationId, position, answer, now);
      }
    }
    parts[`audit:${i}`] = auditPut(
      auditEvent(
        grant.applicationId,
        answer.status === 'continuing' ? 'position-confirmed' : 'position-ended',
        link.holder,
        now,
        answer.status === 'continuing'
          ? `${yearText(confirmation)}: ${answer.employmentModel}, ${answer.listSize} pasienter`
          : `${yearText(confirmation)}: avsluttet ${answer.endDate}`,
      ),
    );
    answered.push({ position, year: confirmation.year, status: answer.status });
  }
  const written = await transact(parts);
  if (!written.ok) {
    const current = await getConfirmation(asked[0]!.confirmation);
    if (current?.status === 'ANSWERED') throw alreadyAnswered(current);
    throw new GoneError('The confirmation is no longer open');
  }
  for (const { status } of answered) {
    recordMetric(METRIC_NAMES.confirmations, { programme: grant.programme, outcome: status });
  }
  for (const { confirmation } of asked) {
    logger.info('confirmation answered', {
      applicationId: grant.applicationId,
      position: confirmation.position,
      year: confirmation.year,
    });
    await handOverOrLeaveToTimer(
      CONFIRMATIONS,
      keys.confirmation(confirmation),
      grant.applicationId,
    );
  }
  const [first] = answered;
  return {
    applicationId: grant.applicationId,
    year: first!.year,
    status: first!.status,
    positions: answered,
  };
}

function fieldsOf(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
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
  const key = keys.confirmation(confirmation);
  if (confirmation.timerStage === 'resume') {
    await handOverAnswer(CONFIRMATIONS, key, now, 'check-execution');
    return 'handed-over';
  }
  if (confirmation.status !== 'OPEN') return 'skipped';
  const { applicationId, year } = confirmation;
  const grant = await loadGrant(applicationId);
  const instalment = await loadInstalment(confirmation);
  const programme = PROGRAMMES[grant.programme];

  switch (confirmation.timerStage) {
    case 'remind': {
      await mailConfirmationLink(grant, [{ confirmation, instalment }], true);
      await transact({
        stage: advanceConfirmationStagePart(confirmation, 'remind', {
          stage: 'hold',
          dueAt: laterOf(instalmentHeldAt(instalment.dueDate), now),
        }),
        audit: auditPut(
          auditEvent(
            applicationId,
            'confirmation-reminder-sent',
            SYSTEM_ACTOR,
            now,
            yearText(confirmation),
          ),
        ),
      });
      return 'reminded';
    }
    case 'hold': {
      if (await moveInstalment(confirmation, 'HELD', now)) {
        await recordEvent(
          auditEvent(applicationId, 'instalment-held', SYSTEM_ACTOR, now, yearText(confirmation)),
        );
      }
      await mailOnce(
        applicationId,
        yearNotice('held', confirmation),
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
          auditEvent(
            applicationId,
            'confirmation-missing',
            SYSTEM_ACTOR,
            now,
            yearText(confirmation),
          ),
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
