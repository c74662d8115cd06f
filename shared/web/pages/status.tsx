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
import type { FieldError } from '../../domain/application.js';
import { Alert, ErrorSummary, Heading, HomeLink, Paragraph, renderPage } from '../layout.js';
import { fieldMessages } from './confirmation.js';
import { ChoiceGroup } from './controls.js';
import { InstalmentTable } from './instalments.js';

/** The grant an approved application became, as the status page shows it. */
export interface StatusGrant {
  status: string;
  startDate: string;
  years: number;
  /** Each approved position and where it is in its life. */
  positions: Pick<
    Position,
    'position' | 'status' | 'startDate' | 'years' | 'employmentModel' | 'endedOn' | 'endReason'
  >[];
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
  /** Before a decision: where the withdrawal form posts, and its errors after a failed post. */
  withdraw?: { action: string; errors: FieldError[] };
  /**
   * After approval, while some position may still be declined (none of its years sent to
   * finance): where the decline form posts, those positions, and the errors of a failed post.
   */
  decline?: { action: string; positions: number[]; errors: FieldError[] };
  /** The case's decision letters, each with its page and what became of its complaint. */
  letters?: { href: string; title: string; sentAt: string; complaint?: string }[];
  /** The list of the case's documents, each as PDF. */
  documentsUrl?: string;
}

const WITHDRAW_FIELDS: Record<string, { id: string; label: string }> = {
  confirm: { id: 'field-confirm', label: 'Bekreftelse' },
};

const DECLINE_FIELDS: Record<string, { id: string; label: string }> = {
  position: { id: 'field-decline-position', label: 'Hva kommunen takker nei til' },
  confirm: { id: 'field-decline-confirm', label: 'Bekreftelse' },
};

export function statusPage(p: StatusPageProps): string {
  const title = `Status for søknad ${p.applicationId}`;
  const { messages, summary } = p.decline?.errors.length
    ? fieldMessages(p.decline.errors, DECLINE_FIELDS)
    : fieldMessages(p.withdraw?.errors ?? [], WITHDRAW_FIELDS);
  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
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
      {p.grant && p.decline && (
        <DeclineForm
          applicationId={p.applicationId}
          grantPositions={p.grant.positions.length}
          action={p.decline.action}
          positions={p.decline.positions}
          errors={messages}
        />
      )}
      {p.letters && p.letters.length > 0 && (
        <section class="stack" aria-labelledby="vedtaksbrev">
          <Heading level={2} id="vedtaksbrev">
            Vedtaksbrev
          </Heading>
          <ul>
            {p.letters.map((l) => (
              <li>
                <a href={l.href}>{l.title}</a>, {formatDate(l.sentAt)}
                {l.complaint && <> (klage: {l.complaint.toLowerCase()})</>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <HistoryTable applicationId={p.applicationId} history={p.history} />
      <Paragraph>Alle tider er norsk tid.</Paragraph>
      {p.documentsUrl && (
        <Paragraph class="no-print">
          <a class="ds-link" href={p.documentsUrl} data-testid="documents-link">
            Dokumentene i saken (PDF)
          </a>
        </Paragraph>
      )}
      {p.withdraw && (
        <WithdrawForm
          applicationId={p.applicationId}
          action={p.withdraw.action}
          error={messages.get('confirm')}
        />
      )}
    </>,
  );
}

/**
 * Before a decision the municipality may withdraw its application. The box must be ticked: a
 * withdrawal cannot be undone, and the button alone is too easy to press by mistake.
 */
function WithdrawForm(p: { applicationId: string; action: string; error?: string }) {
  return (
    <section class="stack" aria-labelledby="trekk-soknaden">
      <Heading level={2} id="trekk-soknaden">
        Trekk søknaden
      </Heading>
      <Paragraph>
        Vil dere ikke lenger at søknaden skal vurderes, kan dere trekke den før fagrådet har gjort
        vedtak. Det kan ikke angres, men dere kan sende en ny søknad så lenge søknadsrunden er åpen.
        Kontaktpersonen får en bekreftelse på e-post, og fagrådet får beskjed hvis søknaden er sendt
        til vurdering.
      </Paragraph>
      <form
        method="post"
        action={p.action}
        noValidate
        class="stack"
        aria-labelledby="trekk-soknaden"
      >
        <ChoiceGroup
          id={WITHDRAW_FIELDS.confirm!.id}
          name="confirm"
          type="checkbox"
          label={WITHDRAW_FIELDS.confirm!.label}
          selected={[]}
          options={[{ value: 'ja', label: `Ja, trekk søknad ${p.applicationId}` }]}
          error={p.error}
        />
        <div class="actions">
          <button type="submit" class="ds-button" data-variant="secondary">
            Trekk søknaden
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * After approval, before any payment, the municipality may decline the grant or one position of
 * it. As with the withdrawal, the box must be ticked: a decline cannot be undone.
 */
function DeclineForm(p: {
  applicationId: string;
  grantPositions: number;
  action: string;
  positions: number[];
  errors: Map<string, string>;
}) {
  // A choice only where there is one: a grant of one position is declined whole.
  const choose = p.grantPositions > 1;
  return (
    <section class="stack" aria-labelledby="takk-nei">
      <Heading level={2} id="takk-nei">
        Takk nei til tilskuddet
      </Heading>
      <Paragraph>
        Får kommunen likevel ikke bruk for {choose ? 'en stilling' : 'tilskuddet'}, kan dere takke
        nei før den første utbetalingen er sendt til økonomi. Det kan ikke angres. Plassen går
        tilbake til søknadsrunden, og prosjektleder og økonomi får beskjed. Kontaktpersonen får en
        bekreftelse på e-post.
      </Paragraph>
      <form method="post" action={p.action} noValidate class="stack" aria-labelledby="takk-nei">
        {choose && (
          <ChoiceGroup
            id={DECLINE_FIELDS.position!.id}
            name="position"
            type="radio"
            label={DECLINE_FIELDS.position!.label}
            selected={['alle']}
            options={[
              {
                value: 'alle',
                label:
                  p.positions.length === p.grantPositions
                    ? 'Hele tilskuddet'
                    : `Alle stillinger som ikke er utbetalt (${p.positions.map((n) => `stilling ${n}`).join(', ')})`,
              },
              ...p.positions.map((n) => ({ value: String(n), label: `Bare stilling ${n}` })),
            ]}
            error={p.errors.get('position')}
          />
        )}
        <ChoiceGroup
          id={DECLINE_FIELDS.confirm!.id}
          name="confirm"
          type="checkbox"
          label={DECLINE_FIELDS.confirm!.label}
          selected={[]}
          options={[{ value: 'ja', label: `Ja, kommunen takker nei (søknad ${p.applicationId})` }]}
          error={p.errors.get('confirm')}
        />
        <div class="actions">
          <button type="submit" class="ds-button" data-variant="secondary">
            Takk nei
          </button>
        </div>
      </form>
    </section>
  );
}

/** After a decline through the status page. */
export function declinedPage(p: {
  applicationId: string;
  statusUrl: string;
  declined: number[];
  grantEnded: boolean;
}): string {
  const title = 'Kommunen har takket nei';
  const what =
    p.grantEnded && p.declined.length > 1
      ? 'hele tilskuddet'
      : p.declined.length === 1
        ? p.grantEnded
          ? 'tilskuddet'
          : `stilling ${p.declined[0]}`
        : `stilling ${p.declined.join(', ')}`;
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          Kommunen har takket nei til {what} (søknad {p.applicationId}).{' '}
          {p.grantEnded ? 'Tilskuddet er avsluttet.' : 'De andre stillingene fortsetter som før.'}{' '}
          Kontaktpersonen får en bekreftelse på e-post.
        </Paragraph>
      </Alert>
      <Paragraph>
        <a class="ds-link" href={p.statusUrl}>
          Se status for søknaden
        </a>
      </Paragraph>
      <HomeLink />
    </>,
  );
}

/** After a withdrawal through the status page. */
export function withdrawnPage(p: { applicationId: string; statusUrl: string }): string {
  const title = 'Søknaden er trukket';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          Søknad {p.applicationId} er trukket og blir ikke vurdert videre. Kontaktpersonen får en
          bekreftelse på e-post.
        </Paragraph>
      </Alert>
      <Paragraph>
        <a class="ds-link" href={p.statusUrl}>
          Se status for søknaden
        </a>
      </Paragraph>
      <HomeLink />
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
