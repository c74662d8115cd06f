// The lead's page (/staff/admin): what the programme lead runs without a developer. This holds
// the rounds section (staff-admin-rounds.tsx); other sections sit beside it.

import { Paragraph } from '../layout.js';
import {
  AdminRoundsSection,
  type AdminRoundsSectionProps,
  RoundsErrorSummary,
} from './staff-admin-rounds.js';
import { renderStaffPage } from './staff-layout.js';

export interface StaffAdminPageProps {
  email: string;
  csrfToken: string;
  rounds: AdminRoundsSectionProps;
}

export function staffAdminPage(p: StaffAdminPageProps): string {
  return renderStaffPage(
    { title: 'Administrasjon', email: p.email, csrfToken: p.csrfToken, current: 'admin' },
    <>
      <RoundsErrorSummary refused={p.rounds.refused} />
      <Paragraph>
        Her styrer prosjektlederen programmet: søknadsrundene og vilkårene deres.
      </Paragraph>
      <AdminRoundsSection {...p.rounds} />
    </>,
  );
}
