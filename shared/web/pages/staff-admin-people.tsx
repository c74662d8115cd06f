// The people section of the lead's page: who holds which role in a programme, a button to take
// each role, a form to give one (the person is then e-mailed a sign-in link), and the latest
// changes with who made them.

import type { ProgrammeId } from '../../domain/programmes.js';
import {
  STAFF_ROLE_LABELS,
  STAFF_ROLES,
  type StaffMember,
  type StaffRole,
} from '../../domain/staff.js';
import { formatDateTime } from '../../presentation/format.js';
import { Paragraph } from '../layout.js';
import { ChoiceGroup, TextField } from './controls.js';
import type { AdminSection } from './staff-admin.js';

export interface StaffChangeView {
  at: string;
  by: string;
  email: string;
  before: readonly StaffRole[];
  after: readonly StaffRole[];
}

export interface PeopleSectionProps {
  programme: ProgrammeId;
  csrfToken: string;
  members: readonly StaffMember[];
  /** The latest changes, newest first. */
  changes: readonly StaffChangeView[];
  /** What a refused form sent, kept. */
  values?: { email: string; role: string };
  errors?: Partial<Record<'email' | 'role', string>>;
}

export function staffAdminPath(programme: ProgrammeId, action: 'add' | 'remove'): string {
  return `/staff/admin/${programme}/staff${action === 'remove' ? '/remove' : ''}`;
}

/** The id of a field of a programme's form, for its label and the error summary's link. */
export function peopleFieldId(programme: ProgrammeId, field: 'email' | 'role'): string {
  return `${programme}-person-${field}`;
}

const roleList = (roles: readonly StaffRole[]) =>
  roles.length > 0 ? roles.map((r) => STAFF_ROLE_LABELS[r]).join(', ') : 'ingen';

export function peopleSection(p: PeopleSectionProps): AdminSection {
  const id = `${p.programme}-personer`;
  const captionId = `${id}-tabell`;
  return {
    id,
    title: 'Personer og roller',
    body: (
      <>
        <section class="table-wrapper" aria-labelledby={captionId} tabindex={0}>
          <table class="ds-table" data-size="sm">
            <caption id={captionId}>Personer med tilgang</caption>
            <thead>
              <tr>
                <th scope="col">E-postadresse</th>
                <th scope="col">Roller</th>
              </tr>
            </thead>
            <tbody>
              {p.members.map((member) => (
                <tr>
                  <th scope="row">{member.email}</th>
                  <td>
                    <ul class="ds-list role-list">
                      {member.roles.map((role) => (
                        <li>
                          {STAFF_ROLE_LABELS[role]}{' '}
                          <form
                            method="post"
                            action={staffAdminPath(p.programme, 'remove')}
                            class="inline-form"
                          >
                            <input type="hidden" name="csrf" value={p.csrfToken} />
                            <input type="hidden" name="email" value={member.email} />
                            <input type="hidden" name="role" value={role} />
                            <button
                              type="submit"
                              class="ds-button"
                              data-variant="tertiary"
                              data-size="sm"
                              aria-label={`Fjern rollen ${STAFF_ROLE_LABELS[role]} fra ${member.email}`}
                            >
                              Fjern
                            </button>
                          </form>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <form method="post" action={staffAdminPath(p.programme, 'add')} class="stack" novalidate>
          <input type="hidden" name="csrf" value={p.csrfToken} />
          <TextField
            id={peopleFieldId(p.programme, 'email')}
            name="email"
            label="E-postadresse"
            hint="Personen får en e-post med en lenke for å logge inn."
            type="email"
            autocomplete="off"
            value={p.values?.email ?? ''}
            error={p.errors?.email}
          />
          <ChoiceGroup
            id={peopleFieldId(p.programme, 'role')}
            name="role"
            type="radio"
            label="Rolle"
            selected={p.values?.role ? [p.values.role] : []}
            options={STAFF_ROLES.map((role) => ({ value: role, label: STAFF_ROLE_LABELS[role] }))}
            error={p.errors?.role}
          />
          <div>
            <button class="ds-button" data-variant="primary" type="submit">
              Gi tilgang
            </button>
          </div>
        </form>

        <details>
          <summary>Siste endringer</summary>
          {p.changes.length === 0 ? (
            <Paragraph>Ingen endringer ennå.</Paragraph>
          ) : (
            <ul class="ds-list">
              {p.changes.map((c) => (
                <li>
                  {formatDateTime(c.at)}: {c.by} endret {c.email} fra {roleList(c.before)} til{' '}
                  {roleList(c.after)}.
                </li>
              ))}
            </ul>
          )}
        </details>
      </>
    ),
  };
}
