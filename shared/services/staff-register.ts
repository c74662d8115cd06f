// The staff registers as the services use them: who holds a role (for review links, escalations,
// finance notices and sign-in), someone's roles across programmes, and the lead's changes, each
// audited and conditional on the register as it was read.

import { logger } from '../adapters/logger.js';
import { startSignInRequest } from '../adapters/sign-in-requests.js';
import { PROGRAMME_IDS, type ProgrammeId } from '../domain/programmes.js';
import {
  SESSION_HOURS,
  addRole,
  holdersOf,
  normaliseAddress,
  parseStaffChange,
  removeRole,
  rolesIn,
  type StaffRegister,
  type StaffRole,
  type StaffRoles,
} from '../domain/staff.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { AdminEventItem, StaffRegisterItem } from '../store/items.js';
import {
  adminEventPart,
  listAdminEvents,
  readRegisters,
  replaceRegisterPart,
} from '../store/staff-register.js';
import { transact } from '../store/table.js';

/** A programme's register as it is now. */
export async function staffRegister(programme: ProgrammeId): Promise<StaffRegister> {
  const [item] = await readRegisters([programme]);
  return { programme, members: item!.members };
}

/** The addresses that hold a role in a programme now (possibly none but for the lead). */
export async function staffWithRole(programme: ProgrammeId, role: StaffRole): Promise<string[]> {
  return holdersOf(await staffRegister(programme), role);
}

/**
 * The programme's lead now, whom every e-mail to a municipality names and whose address takes its
 * replies: the register's first lead (the register keeps its members in a stable order, so
 * several leads give the same one each time). A programme always has a lead (`removeRole`).
 */
export async function programmeLead(programme: ProgrammeId): Promise<string> {
  const [lead] = await staffWithRole(programme, 'lead');
  if (!lead) throw new Error(`The staff register of ${programme} has no lead`);
  return lead;
}

export async function holdsRole(
  programme: ProgrammeId,
  address: string,
  role: StaffRole,
): Promise<boolean> {
  return rolesIn(await staffRegister(programme), address).includes(role);
}

export interface StaffStanding {
  roles: StaffRoles;
  /** The latest instant a removal ended this address's sessions, if any. */
  sessionsEndedAt?: string;
}

/** An address's roles in every programme, read in one call. */
export async function staffStanding(address: string): Promise<StaffStanding> {
  const email = normaliseAddress(address);
  const items = await readRegisters(PROGRAMME_IDS);
  const roles: StaffRoles = {};
  let sessionsEndedAt: string | undefined;
  for (const item of items) {
    const held = rolesIn({ programme: item.programme, members: item.members }, email);
    if (held.length > 0) roles[item.programme] = held;
    const ended = item.sessionsEndedAt?.[email];
    if (ended && (!sessionsEndedAt || ended > sessionsEndedAt)) sessionsEndedAt = ended;
  }
  return { roles, ...(sessionsEndedAt && { sessionsEndedAt }) };
}

export interface StaffChangeResult {
  changed: boolean;
  email: string;
  role: StaffRole;
  roles: StaffRole[];
}

/**
 * A lead gives a role. The person is then sent a sign-in link (by the sign-in step, which checks
 * the register and keeps its one-a-minute limit), also when they held the role already: a repeat
 * is how a lead resends it.
 */
export async function addStaff(
  programme: ProgrammeId,
  body: Record<string, unknown>,
  by: string,
  now = new Date(),
): Promise<StaffChangeResult> {
  const input = parsed(body);
  const result = await change(programme, by, now, 'staff-role-added', (register) =>
    addRole(register, input.email, input.role),
  );
  await startSignInRequest(input.email);
  return { ...result, ...input };
}

/**
 * A lead takes a role. Any session of the person ends at once (they may sign in again with the
 * roles they keep); a removed reviewer's decision links stop working, as reviews.ts checks the
 * register when a link is used.
 */
export async function removeStaff(
  programme: ProgrammeId,
  body: Record<string, unknown>,
  by: string,
  now = new Date(),
): Promise<StaffChangeResult> {
  const input = parsed(body);
  const result = await change(
    programme,
    by,
    now,
    'staff-role-removed',
    (register) => removeRole(register, input.email, input.role),
    input.email,
  );
  return { ...result, ...input };
}

function parsed(body: Record<string, unknown>) {
  const input = parseStaffChange(body);
  if (!input.ok) throw new ValidationError(input.errors);
  return input.value;
}

const CHANGE_ATTEMPTS = 5;

async function change(
  programme: ProgrammeId,
  by: string,
  now: Date,
  type: string,
  apply: (register: StaffRegister) => ReturnType<typeof addRole>,
  endSessionsOf?: string,
): Promise<{ changed: boolean; roles: StaffRole[] }> {
  for (let attempt = 1; ; attempt++) {
    const [read] = await readRegisters([programme]);
    const register = { programme, members: read!.members };
    const next = apply(register);
    if (!next.ok)
      throw new ConflictError([{ path: 'role', code: next.code, message: next.message }]);
    const email = endSessionsOf ?? changedAddress(register, next.register);
    const roles = email ? rolesIn(next.register, email) : [];
    if (!next.changed) return { changed: false, roles };
    const written = await transact({
      register: replaceRegisterPart(
        read!,
        next.register,
        now,
        sessionsEnded(read!, endSessionsOf, now),
      ),
      audit: adminEventPart({
        programme,
        subject: 'staff',
        type,
        by,
        at: now,
        old: { email, roles: email ? rolesIn(register, email) : [] },
        new: { email, roles },
      }),
    });
    if (written.ok) {
      logger.info('staff register changed', { programme, type, version: read!.version + 1 });
      return { changed: true, roles };
    }
    if (attempt >= CHANGE_ATTEMPTS) {
      throw new ConflictError([
        {
          path: '',
          code: 'concurrent-change',
          message: 'Listen ble endret samtidig av noen andre. Prøv igjen.',
        },
      ]);
    }
  }
}

/** The one address whose roles differ between two registers. */
function changedAddress(before: StaffRegister, after: StaffRegister): string | undefined {
  const all = new Set([...before.members, ...after.members].map((m) => m.email));
  return [...all].find((email) => rolesIn(before, email).join() !== rolesIn(after, email).join());
}

/** The register's record of ended sessions, with this address's ended now and stale ones dropped. */
function sessionsEnded(
  read: StaffRegisterItem,
  address: string | undefined,
  now: Date,
): Record<string, string> | undefined {
  const oldest = new Date(now.getTime() - SESSION_HOURS * 3_600_000).toISOString();
  const kept = Object.entries(read.sessionsEndedAt ?? {}).filter(([, at]) => at > oldest);
  if (address) kept.push([address, now.toISOString()]);
  return Object.fromEntries(kept);
}

/** The administration log of a programme's staff, newest first. */
export async function staffChanges(programme: ProgrammeId): Promise<AdminEventItem[]> {
  return (await listAdminEvents(programme)).filter((e) => e.subject === 'staff').reverse();
}
