// The lead's page (/staff/admin): one part per programme the lead administers, each made of
// sections that come from their own components (staff-admin-people.tsx for the people), and the
// rounds of every programme the lead administers (staff-admin-rounds.tsx). The page only frames
// them.

import type { ComponentChildren } from 'preact';
import { PROGRAMMES, type ProgrammeId } from '../../domain/programmes.js';
import type { StaffRoles } from '../../domain/staff.js';
import { ErrorSummary, Heading, Paragraph, type SummaryError } from '../layout.js';
import {
  AdminRoundsSection,
  type AdminRoundsSectionProps,
  RoundsErrorSummary,
} from './staff-admin-rounds.js';
import { renderStaffPage } from './staff-layout.js';

export interface AdminSection {
  /** Unique on the page, such as `alis-nord-personer`; the section's heading carries it. */
  id: string;
  title: string;
  body: ComponentChildren;
}

export interface AdminProgramme {
  programme: ProgrammeId;
  sections: readonly AdminSection[];
}

export interface StaffAdminPageProps {
  email: string;
  csrfToken: string;
  roles?: StaffRoles;
  programmes: readonly AdminProgramme[];
  /** Errors of a people form sent from this page, linked to their fields. */
  errors?: readonly SummaryError[];
  /** The rounds section, with a refused round form if there was one. */
  rounds: AdminRoundsSectionProps;
}

export function staffAdminPage(p: StaffAdminPageProps): string {
  const title = 'Administrasjon';
  const errors = p.errors ?? [];
  return renderStaffPage(
    {
      title,
      email: p.email,
      csrfToken: p.csrfToken,
      roles: p.roles,
      current: 'admin',
      hasErrors: errors.length > 0 || p.rounds.refused !== undefined,
    },
    <>
      <ErrorSummary errors={errors} />
      <RoundsErrorSummary refused={p.rounds.refused} />
      <Paragraph>
        Her styrer prosjektleder programmet sitt: hvem som har tilgang og i hvilken rolle, og
        søknadsrundene og vilkårene deres. Alle endringer logges med hvem som gjorde dem og når.
      </Paragraph>
      {p.programmes.map(({ programme, sections }) => (
        <section class="section stack" aria-labelledby={`${programme}-admin-tittel`}>
          <Heading level={2} id={`${programme}-admin-tittel`}>
            {PROGRAMMES[programme].name}
          </Heading>
          {sections.map((section) => (
            <section class="stack" aria-labelledby={`${section.id}-tittel`}>
              <Heading level={3} id={`${section.id}-tittel`}>
                {section.title}
              </Heading>
              {section.body}
            </section>
          ))}
        </section>
      ))}
      <AdminRoundsSection {...p.rounds} />
    </>,
  );
}
