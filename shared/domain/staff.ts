// Who the programme office is: the lead, the reviewers and finance of each programme, as the
// programmes' configuration names them (programmes.ts). Each may sign in to see their own
// programmes, and nothing else. Pure.

import { PROGRAMMES, PROGRAMME_IDS, type ProgrammeId } from './programmes.js';

/** A sign-in link lives this long and works once. */
export const SIGN_IN_LINK_MINUTES = 15;
/** A session lasts one working day. */
export const SESSION_HOURS = 8;
/** At most one sign-in e-mail per address in this time, however often it is asked for. */
export const SIGN_IN_MAIL_INTERVAL_SECONDS = 60;

/** An address as typed, compared the way mail systems do in practice: trimmed, any case. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

function staffOf(programme: ProgrammeId): string[] {
  const { lead, reviewers, finance } = PROGRAMMES[programme].people;
  return [lead, ...reviewers, finance].map(normaliseAddress);
}

/** The programmes an address belongs to; none for anyone who is not staff. */
export function staffProgrammes(address: string): ProgrammeId[] {
  const wanted = normaliseAddress(address);
  return PROGRAMME_IDS.filter((programme) => staffOf(programme).includes(wanted));
}

/** Every staff address of every programme: the only addresses a sign-in e-mail may go to. */
export function allStaffAddresses(): string[] {
  return [...new Set(PROGRAMME_IDS.flatMap(staffOf))];
}
