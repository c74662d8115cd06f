// Who the programme office is, as data: each programme's staff register lists people (by address)
// and their roles. The register lives in the table (its first contents are staff-seed.ts); this
// module holds the rules: the roles, what each role may see, the changes a lead may make, and the
// checks on what a lead sends. Pure.

import type { FieldError } from './application.js';
import { PROGRAMME_IDS, type ProgrammeId } from './programmes.js';

/** A sign-in link lives this long and works once. */
export const SIGN_IN_LINK_MINUTES = 15;
/** A session lasts one working day. */
export const SESSION_HOURS = 8;
/** At most one sign-in e-mail per address in this time, however often it is asked for. */
export const SIGN_IN_MAIL_INTERVAL_SECONDS = 60;

/**
 * The roles of a programme. The lead administers it and may do everything; reviewers receive
 * decision links and read applications; finance receives the payment notifications.
 */
export const STAFF_ROLES = ['lead', 'reviewer', 'finance'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  lead: 'Prosjektleder',
  reviewer: 'Fagråd (vurderer søknader)',
  finance: 'Økonomi',
};

/** The parts of the staff pages, each open to some roles. */
export const STAFF_AREAS = [
  'dashboard',
  'applications',
  'evaluation',
  'export:applications',
  'export:audit',
  'export:instalments',
  'admin',
] as const;
export type StaffArea = (typeof STAFF_AREAS)[number];

/** Who may see what, per programme. The lead may see everything. */
export const AREA_ROLES: Record<StaffArea, readonly StaffRole[]> = {
  dashboard: ['lead', 'reviewer', 'finance'],
  applications: ['lead', 'reviewer'],
  evaluation: ['lead', 'reviewer'],
  'export:applications': ['lead', 'reviewer'],
  'export:audit': ['lead', 'reviewer'],
  'export:instalments': ['lead', 'finance'],
  admin: ['lead'],
};

/** Someone's roles, per programme; a programme they have no role in is absent. */
export type StaffRoles = Partial<Record<ProgrammeId, readonly StaffRole[]>>;

export function mayUse(roles: StaffRoles, programme: ProgrammeId, area: StaffArea): boolean {
  return (roles[programme] ?? []).some((role) => AREA_ROLES[area].includes(role));
}

/** The programmes someone has any role in. */
export function programmesOf(roles: StaffRoles): ProgrammeId[] {
  return PROGRAMME_IDS.filter((programme) => (roles[programme]?.length ?? 0) > 0);
}

/** The programmes in which someone may use an area. */
export function programmesFor(roles: StaffRoles, area: StaffArea): ProgrammeId[] {
  return programmesOf(roles).filter((programme) => mayUse(roles, programme, area));
}

/** An address as typed, compared the way mail systems do in practice: trimmed, any case. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** One person of a programme's register. */
export interface StaffMember {
  /** Normalised (normaliseAddress). */
  email: string;
  /** Never empty; in the order of STAFF_ROLES. */
  roles: StaffRole[];
}

/** A programme's register: its people, sorted by address. */
export interface StaffRegister {
  programme: ProgrammeId;
  members: StaffMember[];
}

export function rolesIn(register: StaffRegister, address: string): StaffRole[] {
  const wanted = normaliseAddress(address);
  return register.members.find((m) => m.email === wanted)?.roles ?? [];
}

/** The addresses holding a role, sorted. */
export function holdersOf(register: StaffRegister, role: StaffRole): string[] {
  return register.members.filter((m) => m.roles.includes(role)).map((m) => m.email);
}

export type RegisterChange =
  | { ok: true; changed: boolean; register: StaffRegister }
  | { ok: false; code: 'last-lead'; message: string };

/** The register with a role given to an address (no change if it holds it already). */
export function addRole(register: StaffRegister, email: string, role: StaffRole): RegisterChange {
  const current = rolesIn(register, email);
  if (current.includes(role)) return { ok: true, changed: false, register };
  const roles = STAFF_ROLES.filter((r) => r === role || current.includes(r));
  const others = register.members.filter((m) => m.email !== email);
  return {
    ok: true,
    changed: true,
    register: { ...register, members: sortMembers([...others, { email, roles }]) },
  };
}

/**
 * The register with a role taken from an address (no change if it does not hold it). A programme
 * always keeps a lead: someone must be able to administer it.
 */
export function removeRole(
  register: StaffRegister,
  email: string,
  role: StaffRole,
): RegisterChange {
  const current = rolesIn(register, email);
  if (!current.includes(role)) return { ok: true, changed: false, register };
  if (role === 'lead' && holdersOf(register, 'lead').length === 1) {
    return {
      ok: false,
      code: 'last-lead',
      message:
        'Programmet må ha minst én prosjektleder. Legg til en ny prosjektleder før du fjerner denne.',
    };
  }
  const roles = current.filter((r) => r !== role);
  const others = register.members.filter((m) => m.email !== email);
  return {
    ok: true,
    changed: true,
    register: {
      ...register,
      members: sortMembers(roles.length > 0 ? [...others, { email, roles }] : others),
    },
  };
}

function sortMembers(members: StaffMember[]): StaffMember[] {
  return [...members].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** The same shape the login page accepts: one @, a dot in the domain, no spaces. */
const ADDRESS = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/** Whether a normalised address has the shape a staff address must have. */
export function isStaffAddress(email: string): boolean {
  return ADDRESS.test(email) && !/[\p{Cc}\p{Cf}\p{Cs}]/u.test(email);
}

export interface StaffChangeInput {
  email: string;
  role: StaffRole;
}

/**
 * What a lead sends to add or remove a role: `email` and `role`, both strings. Anything else (a
 * missing field, another type, an unknown role) gets a field error in bokmål; fields beyond these
 * two are ignored, as a form's submit button and token are.
 */
export function parseStaffChange(
  body: Record<string, unknown>,
): { ok: true; value: StaffChangeInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const email = typeof body.email === 'string' ? normaliseAddress(body.email) : undefined;
  if (email === undefined || email === '') {
    errors.push({
      path: 'email',
      code: email === undefined && body.email !== undefined ? 'invalid-type' : 'required',
      message: 'Skriv e-postadressen til personen, for eksempel navn@kommune.no.',
    });
  } else if (!isStaffAddress(email)) {
    errors.push({
      path: 'email',
      code: 'invalid',
      message: 'Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.',
    });
  }
  const role = typeof body.role === 'string' ? body.role.trim() : undefined;
  if (!STAFF_ROLES.includes(role as StaffRole)) {
    errors.push({
      path: 'role',
      code:
        body.role === undefined || role === ''
          ? 'required'
          : role === undefined
            ? 'invalid-type'
            : 'invalid',
      message: 'Velg en rolle: prosjektleder, fagråd eller økonomi.',
    });
  }
  if (errors.length > 0 || email === undefined) return { ok: false, errors };
  return { ok: true, value: { email, role: role as StaffRole } };
}
