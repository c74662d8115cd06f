// A grant's years as a table, for the status, confirmation and payment pages: each year with its
// due date, its amounts and its state. Money is whole kroner, shown the Norwegian way.

import type { Instalment } from '../../domain/grant.js';
import { formatDate, formatNok } from '../../presentation/format.js';
import { INSTALMENT_STATUS_LABELS, labelFor } from '../../presentation/labels.js';

export interface InstalmentRow
  extends Pick<
    Instalment,
    'year' | 'years' | 'dueDate' | 'grant' | 'egenandel' | 'net' | 'status' | 'paidOn'
  > {
  /** Who is paid, where one table lists several grants (the payment page). */
  municipalityName?: string;
  organisationNumber?: string;
  applicationId?: string;
}

export function InstalmentTable({
  caption,
  rows,
  withMunicipality = false,
}: {
  caption: string;
  rows: readonly InstalmentRow[];
  withMunicipality?: boolean;
}) {
  const sum = (amount: (row: InstalmentRow) => number) =>
    rows.reduce((total, row) => total + amount(row), 0);
  // A wide table scrolls sideways on a narrow screen; keyboard users scroll it once it has focus.
  return (
    <section class="table-wrapper" aria-label={caption} tabindex={0}>
      <table class="ds-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {withMunicipality && (
              <>
                <th scope="col">Kommune</th>
                <th scope="col">Organisasjonsnummer</th>
                <th scope="col">Søknad</th>
              </>
            )}
            <th scope="col">År</th>
            <th scope="col">Forfallsdato</th>
            <th scope="col" class="numeric">
              Tilskudd
            </th>
            <th scope="col" class="numeric">
              Egenandel
            </th>
            <th scope="col" class="numeric">
              Til utbetaling
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {withMunicipality && (
                <>
                  <td>{row.municipalityName ?? ''}</td>
                  <td>{row.organisationNumber ?? ''}</td>
                  <td>{row.applicationId ?? ''}</td>
                </>
              )}
              <td>
                {row.year} av {row.years}
              </td>
              <td>
                <time dateTime={row.dueDate}>{formatDate(row.dueDate)}</time>
              </td>
              <td class="numeric">{formatNok(row.grant)}</td>
              <td class="numeric">{formatNok(row.egenandel)}</td>
              <td class="numeric">{formatNok(row.net)}</td>
              <td>
                {labelFor(INSTALMENT_STATUS_LABELS, row.status)}
                {row.paidOn && ` ${formatDate(row.paidOn)}`}
              </td>
            </tr>
          ))}
        </tbody>
        {rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={withMunicipality ? 5 : 2}>
                Sum
              </th>
              <td class="numeric">{formatNok(sum((r) => r.grant))}</td>
              <td class="numeric">{formatNok(sum((r) => r.egenandel))}</td>
              <td class="numeric">{formatNok(sum((r) => r.net))}</td>
              <td />
            </tr>
          </tfoot>
        )}
      </table>
    </section>
  );
}
