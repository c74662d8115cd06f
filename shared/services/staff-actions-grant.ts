// The lead's actions on a grant (POST /staff/applications/{id}/actions): end a position or every
// running one, and hold back or release a position-year's payment. Ending does what the yearly
// confirmation's "ended" does (services/grants.ts): the instalments due after the end that finance
// has not been told of are cancelled, the position ends (the grant with its last), and finance, the
// lead and the municipality are told once; an open confirmation of a year it no longer reaches is
// answered "ended", so that year's workflow ends through its own "End grant" step. A hold keeps the
// year out of every finance notification until it is released. Nothing is paid twice: an
// instalment finance has been told of is neither cancelled nor held (409). A ready year that the
// end cancels has its "Await payment" task answered "cancelled", so its execution ends there (the
// web function may answer payment tasks, as when finance records a payment).

import { startOfOsloDate } from '../domain/calendar.js';
import { instalmentsToCancel, type Position } from '../domain/grant.js';
import { PROGRAMMES } from '../domain/programmes.js';
import type { InstalmentRef } from '../domain/staff-actions.js';
import { logger } from '../adapters/logger.js';
import { ValidationError } from '../errors.js';
import {
  instalmentHoldFinanceMessage,
  instalmentHoldMunicipalityMessage,
} from '../mail/lead-actions.js';
import { auditEvent, auditPut, recordEvent } from '../store/audit.js';
import { answerConfirmationByLeadPart, listConfirmations } from '../store/confirmations.js';
import {
  cancelWaitingInstalment,
  endPositionPart,
  getGrant,
  getInstalment,
  holdByLeadPart,
  listInstalments,
  listPositionItems,
  moveInstalment,
  releaseByLeadPart,
} from '../store/grants.js';
import { keys, type ApplicationItem, type GrantItem, type InstalmentItem } from '../store/items.js';
import { getApplication } from '../store/applications.js';
import { transact } from '../store/table.js';
import { CONFIRMATIONS } from './confirmations.js';
import { announcePositionEnd, mailOnce, readPositions, settleGrant } from './grants.js';
import { announcePayment, PAYMENTS, yearText } from './payments.js';
import { actionConflict, mailLater } from './staff-action-answers.js';
import { programmeLead, staffWithRole } from './staff-register.js';
import { handOverOrLeaveToTimer } from './waiting-task.js';

/** How often an action reads again after a concurrent write refused its own. */
const ATTEMPTS = 3;

async function grantOf(app: ApplicationItem): Promise<GrantItem> {
  const grant = await getGrant(app.applicationId);
  if (!grant) throw actionConflict('no-grant', 'Søknaden har ikke noe tilskudd.');
  return grant;
}

/**
 * Ends one position (`position`), or every running one. A position that has not started, has
 * completed or lapsed cannot end (409); one already ended answers 409, after sending any of its
 * e-mails that did not go out.
 */
export async function endGrantByLead(
  app: ApplicationItem,
  lead: string,
  input: { position?: number; endDate: string; reason: string },
  now: Date,
): Promise<ApplicationItem['status']> {
  const grant = await grantOf(app);
  const positions = await readPositions(grant);
  const hasItems = (await listPositionItems(app.applicationId)).length > 0;
  const targets =
    input.position === undefined
      ? positions.filter((p) => p.status === 'ACTIVE')
      : positions.filter((p) => p.position === input.position);
  if (targets.length === 0) {
    if (input.position !== undefined) {
      throw actionConflict('no-position', `Tilskuddet har ingen stilling ${input.position}.`);
    }
    await mailLater(grant.applicationId, 'end-grant');
    throw positions.some((p) => p.status === 'AWAITING_START')
      ? actionConflict(
          'not-started',
          'Ingen stilling i tilskuddet er i gang. En stilling som venter på oppstart, faller bort av seg selv hvis ingen melder oppstart i tide.',
        )
      : actionConflict('already-ended', 'Tilskuddet er allerede avsluttet eller fullført.');
  }
  for (const position of targets) {
    if (position.status !== 'ACTIVE') {
      if (position.status === 'ENDED') await mailLater(grant.applicationId, 'end-grant');
      throw notRunning(position);
    }
    if (position.startDate && input.endDate < position.startDate) {
      throw new ValidationError([
        {
          path: 'endDate',
          code: 'before-start',
          message: `Sluttdatoen kan ikke være før stillingen startet (${position.startDate}).`,
        },
      ]);
    }
  }
  for (const position of targets) {
    await endOne(grant, position.position, hasItems, { ...input, lead }, now);
  }
  return (await getApplication(app.applicationId))?.status ?? app.status;
}

function notRunning(position: Position) {
  const name = `Stilling ${position.position}`;
  switch (position.status) {
    case 'ENDED':
      return actionConflict(
        'already-ended',
        `${name} er allerede avsluttet${position.endedOn ? ` fra ${position.endedOn}` : ''}.`,
      );
    case 'COMPLETED':
      return actionConflict('completed', `${name} er ferdig utbetalt, så den kan ikke avsluttes.`);
    case 'LAPSED':
      return actionConflict('lapsed', `${name} er falt bort, så den kan ikke avsluttes.`);
    default:
      return actionConflict(
        'not-started',
        `${name} venter på oppstart. Den faller bort av seg selv hvis ingen melder oppstart i tide.`,
      );
  }
}

async function endOne(
  grant: GrantItem,
  position: number,
  hasItems: boolean,
  end: { endDate: string; reason: string; lead: string },
  now: Date,
): Promise<void> {
  const { applicationId } = grant;
  const label = grant.positions > 1 ? `Stilling ${position}: ` : '';
  const own = (await listInstalments(applicationId)).filter((i) => i.position === position);
  // First the money: a position that reads ENDED has nothing left to pay.
  for (const instalment of instalmentsToCancel({ instalments: own }, end.endDate)) {
    // A ready year's "Await payment" task waits on it: cancelled, the task is answered so its
    // execution ends at "Cancelled" (or the daily run answers it, by the instalment's timer).
    const token = instalment.status === 'READY' ? instalment.taskToken : undefined;
    const moved = token
      ? await cancelWaitingInstalment(instalment, token, now)
      : await moveInstalment(instalment, 'CANCELLED', now);
    if (moved) {
      await recordEvent(
        auditEvent(
          applicationId,
          'instalment-cancelled',
          end.lead,
          now,
          `${label}år ${instalment.year}`,
        ),
      );
    }
    if (token) {
      await handOverOrLeaveToTimer(PAYMENTS, keys.instalment(instalment), applicationId);
    }
  }
  const comment = `${label}fra ${end.endDate}: ${end.reason}`;
  if (hasItems) {
    await transact({
      position: endPositionPart(applicationId, position, end.endDate, 'ended-by-lead', now),
      audit: auditPut(auditEvent(applicationId, 'position-ended-by-lead', end.lead, now, comment)),
    });
  } else {
    await recordEvent(auditEvent(applicationId, 'position-ended-by-lead', end.lead, now, comment));
  }
  await settleGrant(applicationId, now, { endedOn: end.endDate, reason: 'ended-by-lead' });
  await mailLater(applicationId, 'end-grant');
  // A year that asks its confirmation now is past the end: its workflow ends on its own path.
  for (const confirmation of await listConfirmations(applicationId)) {
    if (confirmation.position !== position || confirmation.status !== 'OPEN') continue;
    if (confirmation.dueDate <= end.endDate) continue;
    const answered = await transact({
      confirmation: answerConfirmationByLeadPart(
        confirmation,
        { status: 'ended', endDate: end.endDate, by: end.lead, at: now.toISOString() },
        now,
      ),
    });
    if (answered.ok) {
      await handOverOrLeaveToTimer(CONFIRMATIONS, keys.confirmation(confirmation), applicationId);
    }
  }
  logger.info('position ended by the lead', { applicationId, position });
}

async function cancelledAfter(
  applicationId: string,
  position: number,
  endDate: string,
): Promise<InstalmentItem[]> {
  return (await listInstalments(applicationId)).filter(
    (i) => i.position === position && i.status === 'CANCELLED' && i.dueDate > endDate,
  );
}

/** The e-mails of the positions the lead ended (the municipality request step sends them). */
export async function announceLeadEnds(applicationId: string, now = new Date()): Promise<string> {
  const grant = await getGrant(applicationId);
  if (!grant) return 'no-grant';
  const positions = await readPositions(grant);
  const hasItems = (await listPositionItems(applicationId)).length > 0;
  for (const position of positions) {
    if (position.endReason !== 'ended-by-lead' || !position.endedOn) continue;
    await announcePositionEnd(
      grant,
      position.position,
      hasItems,
      {
        endedOn: position.endedOn,
        reason: 'ended-by-lead',
        cancelled: await cancelledAfter(grant.applicationId, position.position, position.endedOn),
      },
      now,
    );
  }
  return 'end-grant-mailed';
}

/** The instalments' hold and release e-mails still owed (the municipality request step). */
export async function announceLeadHolds(applicationId: string, now = new Date()): Promise<string> {
  const grant = await getGrant(applicationId);
  if (!grant) return 'no-grant';
  for (const instalment of await listInstalments(applicationId)) {
    if (instalment.heldByLead) {
      await tellHold(grant, instalment, 'hold', instalment.leadHolds ?? 1, now);
    } else if (instalment.leadHolds) {
      await tellHold(grant, instalment, 'release', instalment.leadHolds, now);
      // Held when it became ready, the municipality was not yet told it is about to be paid.
      if (instalment.status === 'READY') await announcePayment(grant, instalment, now);
    }
  }
  return 'holds-mailed';
}

/**
 * Holds back a position-year's payment: until released, no finance notification lists it.
 * Finance and the municipality are told.
 */
export async function holdInstalment(
  app: ApplicationItem,
  lead: string,
  ref: InstalmentRef,
  now: Date,
): Promise<void> {
  await grantOf(app);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const instalment = await instalmentOf(app, ref);
    if (instalment.heldByLead) {
      await mailLater(app.applicationId, 'hold-instalment');
      throw actionConflict(
        'already-held',
        `Utbetalingen for ${refText(ref)} er allerede holdt tilbake.`,
      );
    }
    refuseUnlessUnnotified(instalment, ref);
    const written = await transact({
      instalment: holdByLeadPart(instalment, lead, now),
      audit: auditPut(
        auditEvent(app.applicationId, 'instalment-held-by-lead', lead, now, yearText(ref)),
      ),
    });
    if (!written.ok) continue;
    await mailLater(app.applicationId, 'hold-instalment');
    logger.info('instalment held by the lead', { applicationId: app.applicationId, ...ref });
    return;
  }
  throw changedMeanwhile();
}

/** Releases a held position-year: a ready one goes into the next finance notification. */
export async function releaseInstalment(
  app: ApplicationItem,
  lead: string,
  ref: InstalmentRef,
  now: Date,
): Promise<void> {
  const grant = await grantOf(app);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const instalment = await instalmentOf(app, ref);
    if (!instalment.heldByLead) {
      if (instalment.leadHolds) {
        await mailLater(app.applicationId, 'release-instalment');
      }
      throw actionConflict(
        instalment.leadHolds ? 'already-released' : 'not-held',
        instalment.leadHolds
          ? `Utbetalingen for ${refText(ref)} er allerede frigitt.`
          : `Utbetalingen for ${refText(ref)} er ikke holdt tilbake av prosjektleder.`,
      );
    }
    if (instalment.status === 'CANCELLED') {
      throw actionConflict('cancelled', `Utbetalingen for ${refText(ref)} er kansellert.`);
    }
    const written = await transact({
      instalment: releaseByLeadPart(
        instalment,
        grant.programme,
        startOfOsloDate(instalment.dueDate),
        now,
      ),
      audit: auditPut(
        auditEvent(app.applicationId, 'instalment-released', lead, now, yearText(ref)),
      ),
    });
    if (!written.ok) continue;
    await mailLater(app.applicationId, 'release-instalment');

    logger.info('instalment released by the lead', { applicationId: app.applicationId, ...ref });
    return;
  }
  throw changedMeanwhile();
}

async function instalmentOf(app: ApplicationItem, ref: InstalmentRef): Promise<InstalmentItem> {
  const instalment = await getInstalment({ applicationId: app.applicationId, ...ref });
  if (!instalment) {
    throw actionConflict('no-instalment', `Tilskuddet har ingen utbetaling for ${refText(ref)}.`);
  }
  return instalment;
}

function refuseUnlessUnnotified(instalment: InstalmentItem, ref: InstalmentRef): void {
  const what = `Utbetalingen for ${refText(ref)}`;
  switch (instalment.status) {
    case 'NOTIFIED':
      throw actionConflict(
        'already-notified',
        `${what} er allerede meldt til økonomi og kan ikke holdes tilbake her. Ta kontakt med økonomi.`,
      );
    case 'PAID':
      throw actionConflict('already-paid', `${what} er allerede utbetalt.`);
    case 'CANCELLED':
      throw actionConflict('cancelled', `${what} er kansellert.`);
    default:
  }
}

function refText(ref: InstalmentRef): string {
  return `stilling ${ref.position}, år ${ref.year}`;
}

function changedMeanwhile() {
  return actionConflict(
    'changed-meanwhile',
    'Utbetalingen ble endret samtidig. Last inn siden på nytt og prøv igjen.',
  );
}

/** The hold's (or release's) e-mails to finance and the municipality, each once. */
async function tellHold(
  grant: GrantItem,
  instalment: InstalmentItem,
  kind: 'hold' | 'release',
  count: number,
  now: Date,
): Promise<void> {
  const facts = {
    programme: PROGRAMMES[grant.programme],
    lead: await programmeLead(grant.programme),
    applicationId: grant.applicationId,
    municipalityName: grant.municipality.name,
    organisationNumber: grant.municipality.organisationNumber,
    ...(grant.positions > 1 && { position: instalment.position }),
    year: instalment.year,
    dueDate: instalment.dueDate,
    net: instalment.net,
  };
  const mailKind = kind === 'hold' ? 'held' : 'released';
  const finance = await staffWithRole(grant.programme, 'finance');
  const to = finance.length > 0 ? finance : await staffWithRole(grant.programme, 'lead');
  const key = (who: 'finance' | 'municipality') =>
    `lead-${kind}-${count}-p${instalment.position}-y${instalment.year}-${who}` as const;
  await mailOnce(
    grant.applicationId,
    key('finance'),
    to,
    () => instalmentHoldFinanceMessage(facts, mailKind),
    now,
  );
  await mailOnce(
    grant.applicationId,
    key('municipality'),
    [grant.contactEmail],
    () => instalmentHoldMunicipalityMessage(facts, mailKind),
    now,
  );
}
