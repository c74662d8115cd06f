// The staff register a programme starts with: the people the programmes' configuration names
// (programmes.ts `people`). It is written to the table the first time a register is read and
// never again, so whatever the office changes afterwards stays (shared/store/staff-register.ts).

import { PROGRAMMES, type ProgrammeId } from './programmes.js';
import { addRole, normaliseAddress, type StaffRegister, type StaffRole } from './staff.js';

export function seedRegister(programme: ProgrammeId): StaffRegister {
  const { lead, reviewers, finance } = PROGRAMMES[programme].people;
  const grants: [string, StaffRole][] = [
    [lead, 'lead'],
    ...reviewers.map((r): [string, StaffRole] => [r, 'reviewer']),
    [finance, 'finance'],
  ];
  let register: StaffRegister = { programme, members: [] };
  for (const [email, role] of grants) {
    const next = addRole(register, normaliseAddress(email), role);
    if (next.ok) register = next.register;
  }
  return register;
}
