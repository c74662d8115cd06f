// The one place e-mail leaves: every service sends through deliverMail, which leaves out addresses
// SES reported as bouncing or complaining (marked by shared/services/bounces.ts) and says so in the
// log and, for an application's e-mail, in its audit trail. An address stays marked; a new address
// (a contact changed by staff, another reviewer) is a new address and gets mail.

import { normaliseAddress } from '../domain/staff.js';
import type { ProgrammeId } from '../domain/programmes.js';
import { logger } from '../adapters/logger.js';
import { type MailContent, sendMail } from '../adapters/mail.js';
import { hashToken } from '../links.js';
import { SYSTEM_ACTOR, auditEvent, recordEvent } from '../store/audit.js';
import { getUndeliverables, type UndeliverableItem } from '../store/undeliverable.js';

export interface Delivery {
  to: readonly string[];
  message: MailContent;
  /** What the e-mail is about: carried in its headers, so a bounce can be traced back. */
  programme?: ProgrammeId;
  applicationId?: string;
}

/**
 * The key of an address's mark: its hash, so the table does not list it. Case and surrounding
 * space do not make another address.
 */
export function undeliverableHashOf(address: string): string {
  return hashToken(`address:${normaliseAddress(address)}`);
}

/** Whether mail to the address is stopped, and why: the one reading of the mark. */
export async function undeliverableMark(address: string): Promise<UndeliverableItem | undefined> {
  const [mark] = await marksOf([address]);
  return mark;
}

/**
 * Sends the e-mail to those of its recipients that take mail. Answers 'skipped' when none does:
 * the caller goes on as if it had gone (nobody can receive it, and retrying would not change that).
 */
export async function deliverMail(
  delivery: Delivery,
  now = new Date(),
): Promise<'sent' | 'skipped'> {
  const marks = await marksOf(delivery.to);
  const to = delivery.to.filter((_, i) => marks[i] === undefined);
  const left = marks.filter((mark) => mark !== undefined).length;
  if (left > 0) {
    // No address in the log: the mark's reason and the e-mail's context say enough.
    logger.warn('e-mail not sent to an undeliverable address', {
      programme: delivery.programme,
      applicationId: delivery.applicationId,
      left,
      sentToOthers: to.length,
    });
    if (delivery.applicationId) {
      await recordEvent(
        auditEvent(
          delivery.applicationId,
          'mail-skipped',
          SYSTEM_ACTOR,
          now,
          `«${delivery.message.subject}»`,
        ),
      );
    }
  }
  if (to.length === 0) return 'skipped';
  await sendMail(to, delivery.message, {
    programme: delivery.programme,
    applicationId: delivery.applicationId,
  });
  return 'sent';
}

async function marksOf(addresses: readonly string[]): Promise<(UndeliverableItem | undefined)[]> {
  return getUndeliverables(addresses.map(undeliverableHashOf));
}
