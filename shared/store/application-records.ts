// Everything kept under one application, read in one query of its partition: what the staff's
// detail page shows.

import {
  itemKind,
  keys,
  type ApplicationItem,
  type ApplicationVersionItem,
  type AuditEventItem,
  type ChangeRequestItem,
  type ConfirmationItem,
  type GrantItem,
  type InstalmentItem,
  type RetentionItem,
  type ReviewRoundItem,
} from './items.js';
import type { ComplaintItem, LetterItem } from './letters.js';
import { queryPartition, type Key } from './table.js';

export interface ApplicationRecords {
  application: ApplicationItem;
  /** The content of each earlier version, oldest first (the current one is `application`'s). */
  versions: ApplicationVersionItem[];
  events: AuditEventItem[];
  reviewRounds: ReviewRoundItem[];
  changeRequests: ChangeRequestItem[];
  grant?: GrantItem;
  instalments: InstalmentItem[];
  confirmations: ConfirmationItem[];
  /** The decision letters sent, and the complaints filed on them. */
  letters: LetterItem[];
  complaints: ComplaintItem[];
  /** When the case's personal data are (or were) erased, once it has concluded. */
  retention?: RetentionItem;
}

export async function readApplicationRecords(
  applicationId: string,
): Promise<ApplicationRecords | undefined> {
  const items = await queryPartition<Key & Record<string, unknown>>(
    keys.application(applicationId).pk,
    '',
  );
  const of = <T>(kind: ReturnType<typeof itemKind>) =>
    items.filter((item) => itemKind(item) === kind) as unknown as T[];
  const [application] = of<ApplicationItem>('application');
  if (!application) return undefined;
  const [grant] = of<GrantItem>('grant');
  const [retention] = of<RetentionItem>('retention');
  return {
    application,
    versions: of<ApplicationVersionItem>('application-version'),
    events: of<AuditEventItem>('audit-event'),
    reviewRounds: of<ReviewRoundItem>('review-round'),
    changeRequests: of<ChangeRequestItem>('change-request'),
    ...(grant && { grant }),
    instalments: of<InstalmentItem>('instalment'),
    confirmations: of<ConfirmationItem>('confirmation'),
    letters: of<LetterItem>('letter'),
    complaints: of<ComplaintItem>('complaint'),
    ...(retention && { retention }),
  };
}
