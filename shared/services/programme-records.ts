// Everything the programme office sees of one programme, read from the table's byProgramme index
// (never a Scan): the applications, their open review rounds, the grants with their instalments,
// and the yearly confirmations. Staff pages and exports are computed from these.

import type { ProgrammeId } from '../domain/programmes.js';
import type {
  ApplicationItem,
  ConfirmationItem,
  GrantItem,
  InstalmentItem,
  ReviewRoundItem,
} from '../store/items.js';

export interface ProgrammeRecords {
  programme: ProgrammeId;
  applications: ApplicationItem[];
  /** Every review round; a round still waiting for a decision has status OPEN. */
  reviewRounds: ReviewRoundItem[];
  grants: GrantItem[];
  instalments: InstalmentItem[];
  confirmations: ConfirmationItem[];
}
