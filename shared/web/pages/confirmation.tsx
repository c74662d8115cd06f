// The municipality's yearly confirmation link: the grant, the year and its amounts, and the form
// that answers "still in the position, or ended?". Rendering it changes nothing; only the POST
// records the answer. The page works without script, so every field is shown, each saying when it
// is to be filled in.

import type { FieldError } from '../../domain/application.js';
import { CONFIRMATION_STATUSES, type Instalment } from '../../domain/grant.js';
import type { EmploymentModel } from '../../domain/programmes.js';
import { formatDate, formatDeadline, formatNok, positionsText } from '../../presentation/format.js';
import {
  CONFIRMATION_STATUS_LABELS,
  EMPLOYMENT_MODEL_LABELS,
  yearOfText,
} from '../../presentation/labels.js';
import {
  Alert,
  ErrorSummary,
  Heading,
  HomeLink,
  Paragraph,
  renderPage,
  type SummaryError,
} from '../layout.js';
import { ChoiceGroup, TextField } from './controls.js';
import { InstalmentTable } from './instalments.js';

export interface ConfirmationValues {
  status?: string;
  employmentModel?: string;
  listSize?: string;
  endDate?: string;
}

export interface ConfirmationPageProps {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  positions: number;
  /** The grant's first due date. */
  startDate: string;
  /** The employment models the programme offers. */
  employmentModels: readonly EmploymentModel[];
  instalment: Pick<
    Instalment,
    'year' | 'years' | 'dueDate' | 'grant' | 'egenandel' | 'net' | 'status'
  >;
  /** When the link stops working (an instant). */
  expiresAt: string;
  action: string;
  errors: FieldError[];
  values: ConfirmationValues;
}

const FIELDS: Record<string, { id: string; label: string }> = {
  status: { id: 'field-status', label: 'Svar' },
  employmentModel: { id: 'field-employmentModel', label: 'Tilknytningsform' },
  listSize: { id: 'field-listSize', label: 'Listelengde' },
  endDate: { id: 'field-endDate', label: 'Sluttdato' },
};

/** Field messages by path, and the error summary linking to each field. */
export function fieldMessages(
  errors: readonly FieldError[],
  fields: Record<string, { id: string; label: string }>,
): { messages: Map<string, string>; summary: SummaryError[] } {
  const messages = new Map<string, string>();
  const summary: SummaryError[] = [];
  for (const error of errors) {
    const field = fields[error.path];
    if (field) {
      messages.set(error.path, [messages.get(error.path), error.message].filter(Boolean).join(' '));
      summary.push({ message: `${field.label}: ${error.message}`, href: `#${field.id}` });
    } else {
      summary.push({ message: error.message });
    }
  }
  return { messages, summary };
}

export function confirmationPage(p: ConfirmationPageProps): string {
  const { instalment } = p;
  const title = `Bekreft ALIS-stillingen for ${yearOfText(instalment.year, instalment.years)}`;
  const { messages, summary } = fieldMessages(p.errors, FIELDS);
  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      <Paragraph>
        Før tilskuddet for {yearOfText(instalment.year, instalment.years)} utbetales, må kommunen
        bekrefte at legen fortsatt er i ALIS-stillingen, eller melde fra om at stillingen er
        avsluttet.
      </Paragraph>
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programmeName}</dd>
        <dt>Kommune</dt>
        <dd>{p.municipalityName}</dd>
        <dt>Søknad</dt>
        <dd>{p.applicationId}</dd>
        <dt>Tilskudd til</dt>
        <dd>{positionsText(p.positions)}</dd>
        <dt>Tilskuddet startet</dt>
        <dd>{formatDate(p.startDate)}</dd>
        <dt>Lenken gjelder</dt>
        <dd>{formatDeadline(p.expiresAt)}</dd>
      </dl>
      <InstalmentTable
        caption={`Utbetalingen for ${yearOfText(instalment.year, instalment.years)}`}
        rows={[instalment]}
      />
      <Paragraph>
        Uten bekreftelse innen forfallsdatoen {formatDate(instalment.dueDate)} holdes utbetalingen
        på {formatNok(instalment.net)} tilbake.
      </Paragraph>
      <section class="stack" aria-labelledby="svar">
        <Heading level={2} id="svar">
          Svar
        </Heading>
        <form method="post" action={p.action} noValidate class="stack" aria-labelledby="svar">
          <ChoiceGroup
            id={FIELDS.status!.id}
            name="status"
            type="radio"
            label="Er legen fortsatt i ALIS-stillingen?"
            selected={p.values.status ? [p.values.status] : []}
            options={CONFIRMATION_STATUSES.map((s) => ({
              value: s,
              label: CONFIRMATION_STATUS_LABELS[s],
              hint:
                s === 'continuing'
                  ? 'Fyll også ut tilknytningsform og listelengde.'
                  : 'Fyll også ut sluttdatoen. Utbetalinger etter den faller bort.',
            }))}
            error={messages.get('status')}
          />
          <ChoiceGroup
            id={FIELDS.employmentModel!.id}
            name="employmentModel"
            type="radio"
            label={FIELDS.employmentModel!.label}
            hint="Fylles ut når legen fortsatt er i stillingen."
            selected={p.values.employmentModel ? [p.values.employmentModel] : []}
            options={p.employmentModels.map((m) => ({
              value: m,
              label: EMPLOYMENT_MODEL_LABELS[m],
            }))}
            error={messages.get('employmentModel')}
          />
          <TextField
            id={FIELDS.listSize!.id}
            name="listSize"
            label={FIELDS.listSize!.label}
            hint="Fylles ut når legen fortsatt er i stillingen: antall pasienter på legens liste, for eksempel 800."
            value={p.values.listSize ?? ''}
            inputMode="numeric"
            short
            error={messages.get('listSize')}
          />
          <TextField
            id={FIELDS.endDate!.id}
            name="endDate"
            label={FIELDS.endDate!.label}
            hint="Fylles ut når stillingen er avsluttet: datoen på formen ÅÅÅÅ-MM-DD, for eksempel 2027-08-31."
            value={p.values.endDate ?? ''}
            short
            error={messages.get('endDate')}
          />
          <div class="actions">
            <button type="submit" class="ds-button" data-variant="primary">
              Send bekreftelsen
            </button>
          </div>
        </form>
      </section>
      <Paragraph>Lenken kan brukes én gang.</Paragraph>
    </>,
  );
}

/** After the answer: what was recorded, and what happens next. */
export function confirmationRecordedPage(p: {
  applicationId: string;
  year: number;
  status: 'continuing' | 'ended';
}): string {
  const title = 'Takk for bekreftelsen';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          {p.status === 'continuing'
            ? `Vi har registrert at legen fortsatt er i ALIS-stillingen (søknad ${p.applicationId}, år ${p.year}). Utbetalingen for året meldes til økonomi, og dere får e-post når den er utbetalt.`
            : `Vi har registrert at stillingen er avsluttet (søknad ${p.applicationId}, år ${p.year}). Tilskuddet avsluttes, og dere får en e-post om hvilke utbetalinger som faller bort.`}
        </Paragraph>
      </Alert>
      <Paragraph>Du kan lukke siden.</Paragraph>
      <HomeLink />
    </>,
  );
}
