// A grant and its instalments as the pages show them: the status page and the staff's detail page.

import { type Instalment, type Position, instalmentOf } from '../domain/grant.js';
import type { StatusGrant } from './pages/index.js';

/**
 * Copies only the fields the pages show, so that nothing else a stored grant or instalment holds
 * (its task token, above all) reaches a page or a JSON answer.
 */
export function statusGrantOf(
  written:
    | {
        grant: Omit<StatusGrant, 'instalments' | 'positions'>;
        positions: readonly Position[];
        instalments: readonly Instalment[];
      }
    | undefined,
): StatusGrant | undefined {
  if (!written) return undefined;
  const { grant, positions, instalments } = written;
  return {
    status: grant.status,
    startDate: grant.startDate,
    years: grant.years,
    positions: positions.map((p) => ({
      position: p.position,
      status: p.status,
      ...(p.startDate && { startDate: p.startDate }),
      years: p.years,
      ...(p.employmentModel && { employmentModel: p.employmentModel }),
      ...(p.endedOn && { endedOn: p.endedOn }),
      ...(p.endReason && { endReason: p.endReason }),
    })),
    yearlyAmountPerPosition: grant.yearlyAmountPerPosition,
    egenandelPerPosition: grant.egenandelPerPosition,
    ...(grant.endedOn && { endedOn: grant.endedOn }),
    ...(grant.endReason && { endReason: grant.endReason }),
    instalments: instalments.map(instalmentOf),
  };
}
