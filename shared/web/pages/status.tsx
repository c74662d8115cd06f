// The application's status and history, behind the secret status link; once approved, the grant
// with every year's amounts and state.

import type { Instalment, Position } from '../../domain/grant.js';
import { formatDate, formatDateTime, formatNok, positionsText } from '../../presentation/format.js';
import {
  EVENT_LABELS,
  GRANT_END_REASON_LABELS,
  GRANT_STATUS_LABELS,
  STATUS_LABELS,
  actorLabel,
  awaitingContactText,
  labelFor,
} from '../../presentation/labels.js';
import { Alert, Heading, Paragraph, renderPage } from '../layout.js';
import { InstalmentTable } from './instalments.js';

/** The grant an approved application became, as the status page shows it. */
export interface StatusGrant {
  status: string;
  startDate: string;
  years: number;
  /** Each approved position and where it is in its life. */
  positions: Pick<Position, 'position' | 'status' | 'startDate' | 'years' | 'employmentModel'>[];
  yearlyAmountPerPosition: number;
  egenandelPerPosition: number;
  endedOn?: string;
  endReason?: string;
  instalments: Pick<
    Instalment,
    'position' | 'year' | 'dueDate' | 'grant' | 'egenandel' | 'net' | 'status' | 'paidOn'
  >[];
}

export interface StatusPageProps {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  status: string;
  history: { at: string; type: string; by?: string; comment?: string }[];
  grant?: StatusGrant;
  /** While AWAITING_CONTACT: the deadline to confirm the address by. */
  contactDeadline?: string;
}

export function statusPage(p: StatusPageProps): string {
  const title = `Status for søknad ${p.applicationId}`;
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programmeName}</dd>
        <dt>Kommune</dt>
        <dd>{p.municipalityName}</dd>
        <dt>Status</dt>
        <dd>
          <strong data-testid="status">{labelFor(STATUS_LABELS, p.status)}</strong>
        </dd>
      </dl>
      {p.contactDeadline && (
        <Alert color="warning">
          <Paragraph>{awaitingContactText(p.contactDeadline)}</Paragraph>
        </Alert>
      )}
      {p.grant && <GrantSection grant={p.grant} applicationId={p.applicationId} />}
      <HistoryTable applicationId={p.applicationId} history={p.history} />
      <Paragraph>Alle tider er norsk tid.</Paragraph>
    </>,
  );
}

export function GrantSection({
  grant,
  applicationId,
}: {
  grant: StatusGrant;
  applicationId: string;
}) {
  return (
    <section class="stack" aria-labelledby="tilskuddet">
      <Heading level={2} id="tilskuddet">
        Tilskuddet
      </Heading>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <strong data-testid="grant-status">{labelFor(GRANT_STATUS_LABELS, grant.status)}</strong>
          {grant.endedOn && ` fra ${formatDate(grant.endedOn)}`}
          {grant.endReason && `, fordi ${labelFor(GRANT_END_REASON_LABELS, grant.endReason)}`}
        </dd>
        <dt>Stillinger</dt>
        <dd>{positionsText(grant.positions.length)}</dd>
        <dt>Årlig tilskudd per stilling</dt>
        <dd>{formatNok(grant.yearlyAmountPerPosition)}</dd>
        {grant.egenandelPerPosition > 0 && (
          <>
            <dt>Egenandel per stilling per år</dt>
            <dd>{formatNok(grant.egenandelPerPosition)}</dd>
          </>
        )}
        <dt>Første utbetaling</dt>
        <dd>{formatDate(grant.startDate)}</dd>
        <dt>Antall år</dt>
        <dd>{grant.years}</dd>
      </dl>
      <InstalmentTable
        caption={`Utbetalinger for søknad ${applicationId}, ett år per rad`}
        rows={grant.instalments.map((i) => ({ ...i, years: grant.years }))}
      />
    </section>
  );
}

/** The audit trail, oldest first: the status page and the staff's detail page show the same. */
export function HistoryTable({
  applicationId,
  history,
}: {
  applicationId: string;
  history: StatusPageProps['history'];
}) {
  return (
    <>
      <Heading level={2}>Historikk</Heading>
      {history.length === 0 ? (
        <Paragraph>Ingen hendelser ennå.</Paragraph>
      ) : (
        // A long trail scrolls sideways on a narrow screen: the region takes keyboard focus.
        <section class="table-wrapper" aria-labelledby="historikk-tittel" tabindex={0}>
          <table class="ds-table">
            <caption class="ds-sr-only" id="historikk-tittel">
              Hendelser for søknad {applicationId}, eldste først
            </caption>
            <thead>
              <tr>
                <th scope="col">Tidspunkt</th>
                <th scope="col">Hendelse</th>
                <th scope="col">Av</th>
                <th scope="col">Kommentar</th>
              </tr>
            </thead>
            <tbody>
              {history.map((event) => (
                <tr>
                  <td>
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                  </td>
                  <td>{labelFor(EVENT_LABELS, event.type)}</td>
                  <td>{actorLabel(event.by)}</td>
                  <td class="keep-lines">{event.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
