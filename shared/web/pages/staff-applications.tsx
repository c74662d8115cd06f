// The programme office's applications: a filtered, paginated list of one programme's applications,
// and the detail page with the whole application, every decision and change request, the audit
// trail, and the grant with its years.

import type { Application } from '../../domain/application.js';
import {
  EMPLOYMENT_MODELS,
  EMPLOYMENT_MODEL_LABELS,
  type Programme,
} from '../../domain/programmes.js';
import { APPLICATION_STATUSES } from '../../domain/review.js';
import { formatDate, formatDateTime, positionsText } from '../../presentation/format.js';
import type { RetentionView } from '../../services/retention.js';
import {
  CONTACT_UNDELIVERABLE_TEXT,
  DECISION_OUTCOME_LABELS,
  STATUS_LABELS,
  UNDELIVERABLE_REASON_LABELS,
  labelFor,
  regionName,
} from '../../presentation/labels.js';
import { Alert, ErrorSummary, Heading, Paragraph, type SummaryError } from '../layout.js';
import { ApplicationSummary } from './application-summary.js';
import { type DocumentLink, StaffDocumentsSection } from './documents.js';
import { Select } from './controls.js';
import { StaffActions, type StaffActionsOffer } from './staff-actions.js';
import { renderStaffPage, staffApplicationPath } from './staff-layout.js';
import { GrantSection, HistoryTable, type StatusGrant, type StatusPageProps } from './status.js';
import type { StaffRoles } from '../../domain/staff.js';

export const STAFF_APPLICATIONS_PATH = '/staff/applications';

export interface ApplicationListRow {
  applicationId: string;
  municipalityName: string;
  county: string;
  healthTrust: string;
  employmentModel: string;
  positions: number;
  status: string;
  roundName: string;
  submittedAt: string;
}

export interface StaffApplicationsPageProps {
  email: string;
  csrfToken: string;
  /** The staff member's roles, which decide the navigation and what is offered. */
  roles?: StaffRoles;
  /** The programmes the staff member may choose between, and the one shown. */
  programmes: readonly Programme[];
  programme: Programme;
  /** The filters as asked for (raw query values, for the form). */
  values: Record<'round' | 'status' | 'county' | 'model', string>;
  errors: readonly { path: string; message: string }[];
  rows: readonly ApplicationListRow[];
  /** Query string of the next page, when there is one. */
  nextQuery?: string;
}

export function staffApplicationsPage(p: StaffApplicationsPageProps): string {
  const title = `Søknader i ${p.programme.name}`;
  const errors: SummaryError[] = p.errors.map((e) => ({
    message: e.message,
    href: `#filter-${e.path}`,
  }));
  const errorOf = (field: string) =>
    p.errors
      .filter((e) => e.path === field)
      .map((e) => e.message)
      .join(' ') || undefined;
  return renderStaffPage(
    { title, email: p.email, csrfToken: p.csrfToken, roles: p.roles, current: 'applications' },
    <>
      <ErrorSummary errors={errors} />
      <form
        method="get"
        action={STAFF_APPLICATIONS_PATH}
        class="stack"
        aria-label="Filtrer søknadene"
      >
        <div class="filters">
          <Select
            id="filter-programme"
            name="programme"
            label="Program"
            value={p.programme.id}
            placeholder="Velg program"
            options={p.programmes.map((programme) => ({
              value: programme.id,
              label: programme.name,
            }))}
          />
          {filterChoices(p.programme).map((filter) => (
            <Select
              id={`filter-${filter.name}`}
              name={filter.name}
              label={filter.label}
              value={p.values[filter.name]}
              placeholder={filter.placeholder}
              options={filter.options}
              error={errorOf(filter.name)}
            />
          ))}
        </div>
        <div>
          <button type="submit" class="ds-button" data-variant="secondary">
            Vis søknader
          </button>
        </div>
      </form>
      {p.rows.length === 0 ? (
        <Paragraph>Ingen søknader passer med filteret.</Paragraph>
      ) : (
        <section class="table-wrapper" aria-labelledby="soknader-tittel" tabindex={0}>
          <table class="ds-table" data-size="sm">
            <caption id="soknader-tittel">Søknader, nyeste først</caption>
            <thead>
              <tr>
                <th scope="col">Søknad</th>
                <th scope="col">Kommune</th>
                <th scope="col">Fylke</th>
                <th scope="col">Helseforetak</th>
                <th scope="col">Tilknytningsform</th>
                <th scope="col" class="numeric">
                  Stillinger
                </th>
                <th scope="col">Status</th>
                <th scope="col">Runde</th>
                <th scope="col">Sendt inn</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a class="ds-link" href={staffApplicationPath(row.applicationId)}>
                      {row.applicationId}
                    </a>
                  </th>
                  <td>{row.municipalityName}</td>
                  <td>{row.county}</td>
                  <td>{row.healthTrust}</td>
                  <td>{labelFor(EMPLOYMENT_MODEL_LABELS, row.employmentModel)}</td>
                  <td class="numeric">{row.positions}</td>
                  <td>{labelFor(STATUS_LABELS, row.status)}</td>
                  <td>{row.roundName}</td>
                  <td>
                    <time dateTime={row.submittedAt}>{formatDateTime(row.submittedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {p.nextQuery !== undefined && (
        <nav aria-label="Sider">
          <a class="ds-link" href={`${STAFF_APPLICATIONS_PATH}?${p.nextQuery}`} rel="next">
            Neste side
          </a>
        </nav>
      )}
    </>,
  );
}

/** The list's filters after the programme: each a choice among what the programme has. */
function filterChoices(programme: Programme) {
  const filters: {
    name: keyof StaffApplicationsPageProps['values'];
    label: string;
    placeholder: string;
    options: { value: string; label: string }[];
  }[] = [
    {
      name: 'round',
      label: 'Søknadsrunde',
      placeholder: 'Alle runder',
      options: programme.rounds.map((round) => ({ value: round.id, label: round.name })),
    },
    {
      name: 'status',
      label: 'Status',
      placeholder: 'Alle statuser',
      options: APPLICATION_STATUSES.map((status) => ({
        value: status,
        label: STATUS_LABELS[status],
      })),
    },
    {
      name: 'county',
      label: 'Fylke',
      placeholder: 'Alle fylker',
      options: programme.counties.map((county) => ({ value: county, label: county })),
    },
    {
      name: 'model',
      label: 'Tilknytningsform',
      placeholder: 'Alle',
      options: EMPLOYMENT_MODELS.map((model) => ({
        value: model,
        label: EMPLOYMENT_MODEL_LABELS[model],
      })),
    },
  ];
  return filters;
}

export interface StaffApplicationPageProps {
  email: string;
  csrfToken: string;
  /** The staff member's roles, which decide the navigation and what is offered. */
  roles?: StaffRoles;
  programme: Programme;
  applicationId: string;
  status: string;
  submittedAt: string;
  version: number;
  application: Application;
  decisions: {
    round: number;
    decision: string;
    by: string;
    at: string;
    comment: string;
    yearlyAmount?: number;
  }[];
  changeRequests: {
    round: number;
    requestedAt: string;
    deadline: string;
    comment: string;
    status: string;
  }[];
  history: StatusPageProps['history'];
  grant?: StatusGrant;
  /** The contact's address takes no mail (SES reported it), since `since`. */
  contactUndeliverable?: { reason: 'bounce' | 'complaint'; since: string };
  /** The case's documents, and the archive package's link once the case is concluded. */
  documents?: { documents: DocumentLink[]; archiveUrl?: string };
  /** The lead's actions that fit the state; absent for other roles. */
  actions?: StaffActionsOffer;
  /** When the concluded case's personal data are, or were, erased. */
  retention?: RetentionView;
}

export function staffApplicationPage(p: StaffApplicationPageProps): string {
  const title = `Søknad ${p.applicationId}`;
  const { application } = p;
  return renderStaffPage(
    { title, email: p.email, csrfToken: p.csrfToken, roles: p.roles, current: 'applications' },
    <>
      {p.contactUndeliverable && (
        <ContactUndeliverableNote address={application.contact.email} {...p.contactUndeliverable} />
      )}
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programme.name}</dd>
        <dt>Kommune</dt>
        <dd>{application.municipality.name}</dd>
        <dt>Helseforetak</dt>
        <dd>{regionName(p.programme, application.municipality.region)}</dd>
        <dt>Status</dt>
        <dd>
          <strong data-testid="status">{labelFor(STATUS_LABELS, p.status)}</strong>
        </dd>
        <dt>Sendt inn</dt>
        <dd>{formatDateTime(p.submittedAt)}</dd>
        <dt>Søkte stillinger</dt>
        <dd>{positionsText(application.positionsRequested)}</dd>
        <dt>Versjon</dt>
        <dd>{p.version}</dd>
        {p.retention && p.retention.status !== 'REOPENED' && (
          <>
            <dt>Personopplysninger</dt>
            <dd data-testid="retention">
              {p.retention.erasedAt
                ? `Slettet ${formatDate(p.retention.erasedAt)}`
                : `Slettes ${formatDate(p.retention.eraseOn)}`}
            </dd>
          </>
        )}
      </dl>
      <Heading level={2}>Vedtak</Heading>
      {p.decisions.length === 0 && p.changeRequests.length === 0 ? (
        <Paragraph>Ingen vedtak ennå.</Paragraph>
      ) : (
        <section class="table-wrapper" aria-labelledby="vedtak-tittel" tabindex={0}>
          <table class="ds-table" data-size="sm">
            <caption id="vedtak-tittel">Vedtak i hver vurderingsrunde</caption>
            <thead>
              <tr>
                <th scope="col">Runde</th>
                <th scope="col">Vedtak</th>
                <th scope="col">Av</th>
                <th scope="col">Tidspunkt</th>
                <th scope="col">Kommentar</th>
              </tr>
            </thead>
            <tbody>
              {p.decisions.map((d) => (
                <tr>
                  <th scope="row">{d.round}</th>
                  <td>{labelFor(DECISION_OUTCOME_LABELS, d.decision)}</td>
                  <td>{d.by}</td>
                  <td>
                    <time dateTime={d.at}>{formatDateTime(d.at)}</time>
                  </td>
                  <td class="keep-lines">{d.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {p.changeRequests.length > 0 && (
        <>
          <Heading level={2}>Endringer kommunen ble bedt om</Heading>
          <ul class="ds-list">
            {p.changeRequests.map((c) => (
              <li>
                Runde {c.round}, {formatDateTime(c.requestedAt)} (frist {formatDateTime(c.deadline)}
                ): <span class="keep-lines">{c.comment}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.grant && <GrantSection grant={p.grant} applicationId={p.applicationId} />}
      {p.actions && (
        <StaffActions applicationId={p.applicationId} csrfToken={p.csrfToken} offer={p.actions} />
      )}
      <HistoryTable applicationId={p.applicationId} history={p.history} />
      {p.documents && <StaffDocumentsSection applicationId={p.applicationId} {...p.documents} />}
      <Heading level={2}>Søknaden</Heading>
      <ApplicationSummary application={application} />
      <Paragraph>Alle tider er norsk tid.</Paragraph>
    </>,
  );
}

/** The contact's address takes no mail: what that means, and what will help. */
function ContactUndeliverableNote(p: {
  address: string;
  reason: 'bounce' | 'complaint';
  since: string;
}) {
  return (
    <div data-testid="contact-undeliverable">
      <Alert color="warning" title="Kontaktpersonens e-postadresse tar ikke imot e-post">
        <Paragraph>
          {`${p.address}: ${UNDELIVERABLE_REASON_LABELS[p.reason]}, siden ${formatDateTime(p.since)}.`}
        </Paragraph>
        <Paragraph>{CONTACT_UNDELIVERABLE_TEXT}</Paragraph>
      </Alert>
    </div>
  );
}
