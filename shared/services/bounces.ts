// Mail that bounces. SES publishes each bounce and complaint of the configuration set's e-mails as
// an event (infra/constructs/mail-events.ts); this marks the address undeliverable, so that
// deliverMail sends it nothing more, and tells whom it concerns: the programme's lead, or the
// programme's other staff when it is the lead's own address. A municipality's contact shows on
// the application's staff page (applicationDetail reads the mark).
//
// SES delivers events at least once: the mark is a conditional put (written with its audit event
// in one transaction, so a repeat writes neither), and the staff are told until that is recorded.

import * as z from 'zod';
import { PROGRAMMES, PROGRAMME_IDS, type ProgrammeId } from '../domain/programmes.js';
import { isApplicationIdShape } from '../domain/review.js';
import { holdersOf, normaliseAddress, rolesIn, type StaffRegister } from '../domain/staff.js';
import { logger } from '../adapters/logger.js';
import { MAIL_CONTEXT_HEADERS } from '../adapters/mail.js';
import { type UndeliverableRole, undeliverableAddressMessage } from '../mail/to-staff.js';
import { publicUrls } from '../public-urls.js';
import { getApplication } from '../store/applications.js';
import { SYSTEM_ACTOR, auditEvent, auditPut } from '../store/audit.js';
import type { ApplicationItem } from '../store/items.js';
import { transact } from '../store/table.js';
import {
  getUndeliverable,
  markUndeliverableNotified,
  markUndeliverablePart,
  type UndeliverableReason,
} from '../store/undeliverable.js';
import { deliverMail, undeliverableHashOf } from './mailing.js';
import { staffRegister } from './staff-register.js';

/** The parts of an SES event (its EventBridge `detail`) this reads; SES sends more. */
const sesEventSchema = z.object({
  eventType: z.enum(['Bounce', 'Complaint']),
  mail: z.object({
    timestamp: z.string().optional(),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string().min(1) })).min(1),
      timestamp: z.string().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string().min(1) })).min(1),
      complaintFeedbackType: z.string().optional(),
      timestamp: z.string().optional(),
    })
    .optional(),
});

export type MailEventOutcome =
  /** Newly marked, and whom it concerns told. */
  | 'marked'
  /** Marked before (a repeated event, or mail in flight when it was marked); told once already. */
  | 'already-marked'
  /** A bounce that may pass (mailbox full, a server down): SES retries it itself. */
  | 'ignored-transient'
  /** A complaint the recipient took back ("not spam"), or an event this does not handle. */
  | 'ignored';

/** Handles one SES bounce or complaint event; answers what it did for each recipient. */
export async function recordMailFeedback(
  detail: unknown,
  now = new Date(),
): Promise<MailEventOutcome[]> {
  const parsed = sesEventSchema.safeParse(detail);
  if (!parsed.success) {
    // Retrying cannot make it readable: logged for a person to look at, not thrown.
    logger.error('SES event not understood', {
      issues: parsed.error.issues.map((i) => i.path.join('.')),
    });
    return ['ignored'];
  }
  const event = parsed.data;
  const feedback = event.eventType === 'Bounce' ? event.bounce : event.complaint;
  if (!feedback) return ['ignored'];
  if (event.bounce && event.eventType === 'Bounce' && event.bounce.bounceType !== 'Permanent') {
    logger.info('transient bounce: SES retries it', { bounceType: event.bounce.bounceType });
    return event.bounce.bouncedRecipients.map(() => 'ignored-transient');
  }
  if (event.complaint && event.complaint.complaintFeedbackType === 'not-spam') return ['ignored'];

  const recipients =
    event.bounce && event.eventType === 'Bounce'
      ? event.bounce.bouncedRecipients
      : (event.complaint?.complainedRecipients ?? []);
  const reason: UndeliverableReason = event.eventType === 'Bounce' ? 'bounce' : 'complaint';
  const context = await contextOf(event.mail.headers ?? []);
  const at = validInstant(feedback.timestamp) ?? now;
  const outcomes: MailEventOutcome[] = [];
  for (const { emailAddress } of recipients) {
    outcomes.push(await markAndTell(emailAddress, reason, context, at, now));
  }
  return outcomes;
}

interface BouncedMailContext {
  programme?: ProgrammeId;
  app?: ApplicationItem;
}

/** What the bounced e-mail was about, from the headers deliverMail gave it. */
async function contextOf(
  headers: readonly { name: string; value: string }[],
): Promise<BouncedMailContext> {
  const header = (name: string) =>
    headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value.trim();
  const applicationId = header(MAIL_CONTEXT_HEADERS.application);
  const app =
    applicationId && isApplicationIdShape(applicationId)
      ? await getApplication(applicationId)
      : undefined;
  const named = header(MAIL_CONTEXT_HEADERS.programme);
  const programme = app?.programme ?? PROGRAMME_IDS.find((id) => id === named);
  return { ...(programme && { programme }), ...(app && { app }) };
}

async function markAndTell(
  address: string,
  reason: UndeliverableReason,
  context: BouncedMailContext,
  at: Date,
  now: Date,
): Promise<MailEventOutcome> {
  const hash = undeliverableHashOf(address);
  const registers = await Promise.all(PROGRAMME_IDS.map((programme) => staffRegister(programme)));
  const concerns = whomItConcerns(address, context, registers);
  const marked = await transact({
    mark: markUndeliverablePart(hash, {
      reason,
      markedAt: at.toISOString(),
      programme: context.programme,
      applicationId: context.app?.applicationId,
    }),
    audit:
      context.app &&
      auditPut(
        auditEvent(
          context.app.applicationId,
          'mail-undeliverable',
          SYSTEM_ACTOR,
          now,
          concerns.kind === 'contact' ? 'Kontaktpersonens adresse' : undefined,
        ),
      ),
  });
  const mark = await getUndeliverable(hash);
  if (mark?.notifiedAt) return 'already-marked';

  if (concerns.kind === 'unknown') {
    // Not staff, not the contact of the e-mail's application: nobody to tell. The mark stands.
    logger.warn('undeliverable address of no known role marked', {
      reason,
      programme: context.programme,
    });
  }
  for (const tell of concerns.tell) {
    await deliverMail(
      {
        to: tell.to,
        message: undeliverableAddressMessage({
          programme: PROGRAMMES[tell.programme],
          address: normaliseAddress(address),
          reason,
          role: tell.role,
          ...(concerns.kind === 'contact' && {
            application: {
              applicationId: concerns.app.applicationId,
              municipalityName: concerns.app.application.municipality.name,
              staffUrl: publicUrls.staffApplication(concerns.app.applicationId),
            },
          }),
        }),
        programme: tell.programme,
        ...(concerns.kind === 'contact' && { applicationId: concerns.app.applicationId }),
      },
      now,
    );
  }
  await markUndeliverableNotified(hash, now);
  logger.info('address marked undeliverable', {
    reason,
    role: concerns.kind,
    programme: context.programme,
    applicationId: context.app?.applicationId,
    told: concerns.tell.length,
  });
  return marked.ok ? 'marked' : 'already-marked';
}

interface Telling {
  programme: ProgrammeId;
  role: UndeliverableRole;
  to: string[];
}

type Concerns =
  | { kind: 'staff'; tell: Telling[] }
  | { kind: 'contact'; app: ApplicationItem; tell: Telling[] }
  | { kind: 'unknown'; tell: [] };

/**
 * Whom a bounce concerns. A staff address: the lead of each programme it serves (of the e-mail's
 * programme, when the e-mail named one it serves), or for the lead's own address that programme's
 * other staff. The contact of the e-mail's application: that programme's lead.
 */
export function whomItConcerns(
  address: string,
  context: BouncedMailContext,
  registers: readonly StaffRegister[],
): Concerns {
  const wanted = normaliseAddress(address);
  const serving = registers.filter((register) => rolesIn(register, wanted).length > 0);
  const concerned = serving.filter((r) => r.programme === context.programme);
  const tell = (concerned.length > 0 ? concerned : serving).map((register): Telling => {
    const roles = rolesIn(register, wanted);
    const leads = holdersOf(register, 'lead');
    if (roles.includes('lead')) {
      const others = register.members.map((m) => m.email).filter((a) => a !== wanted);
      return { programme: register.programme, role: 'lead', to: others };
    }
    const role = roles.includes('finance') ? 'finance' : 'reviewer';
    return { programme: register.programme, role, to: leads };
  });
  if (tell.length > 0) return { kind: 'staff', tell };
  const app = context.app;
  if (app && normaliseAddress(app.application.contact.email) === wanted) {
    return {
      kind: 'contact',
      app,
      tell: [
        {
          programme: app.programme,
          role: 'contact',
          to: holdersOf(registers.find((r) => r.programme === app.programme)!, 'lead'),
        },
      ],
    };
  }
  return { kind: 'unknown', tell: [] };
}

function validInstant(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
