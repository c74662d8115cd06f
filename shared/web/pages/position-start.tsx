// A new position's start link: the municipality reports the day its ALIS started, the employment
// model and the list size. Rendering it changes nothing; only the POST records the start.

import type { FieldError } from '../../domain/application.js';
import type { EmploymentModel } from '../../domain/programmes.js';
import { formatDate, formatDeadline } from '../../presentation/format.js';
import { EMPLOYMENT_MODEL_LABELS } from '../../presentation/labels.js';
import { Alert, ErrorSummary, Heading, HomeLink, Paragraph, renderPage } from '../layout.js';
import { fieldMessages } from './confirmation.js';
import { ChoiceGroup, TextField } from './controls.js';

export interface PositionStartValues {
  startDate?: string;
  employmentModel?: string;
  listSize?: string;
}

export interface PositionStartPageProps {
  applicationId: string;
  programmeName: string;
  municipalityName: string;
  position: number;
  years: number;
  /** The decision's day: the start may not be before it. */
  decidedOn: string;
  /** The last instant the start may be reported. */
  lastDay: string;
  employmentModels: readonly EmploymentModel[];
  action: string;
  errors: FieldError[];
  values: PositionStartValues;
}

const FIELDS: Record<string, { id: string; label: string }> = {
  startDate: { id: 'field-startDate', label: 'Startdato' },
  employmentModel: { id: 'field-employmentModel', label: 'Tilknytningsform' },
  listSize: { id: 'field-listSize', label: 'Listelengde' },
};

export function positionStartPage(p: PositionStartPageProps): string {
  const title = `Meld oppstart i ALIS-stilling ${p.position}`;
  const { messages, summary } = fieldMessages(p.errors, FIELDS);
  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      <Paragraph>
        Tilskuddet til stillingen utbetales i {p.years} år, regnet fra den dagen ALIS-legen begynte.
        Første utbetaling forfaller på startdatoen.
      </Paragraph>
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programmeName}</dd>
        <dt>Kommune</dt>
        <dd>{p.municipalityName}</dd>
        <dt>Søknad</dt>
        <dd>{p.applicationId}</dd>
        <dt>Vedtaksdato</dt>
        <dd>{formatDate(p.decidedOn)}</dd>
        <dt>Frist for å melde oppstart</dt>
        <dd>{formatDeadline(p.lastDay)}</dd>
      </dl>
      <form method="post" action={p.action} noValidate class="stack">
        <TextField
          id={FIELDS.startDate!.id}
          name="startDate"
          label={FIELDS.startDate!.label}
          hint={`Datoen ALIS-legen begynte, på formen ÅÅÅÅ-MM-DD. Ikke før vedtaksdatoen og ikke frem i tid.`}
          value={p.values.startDate ?? ''}
          short
          error={messages.get('startDate')}
        />
        <ChoiceGroup
          id={FIELDS.employmentModel!.id}
          name="employmentModel"
          type="radio"
          label={FIELDS.employmentModel!.label}
          selected={p.values.employmentModel ? [p.values.employmentModel] : []}
          options={p.employmentModels.map((m) => ({ value: m, label: EMPLOYMENT_MODEL_LABELS[m] }))}
          error={messages.get('employmentModel')}
        />
        <TextField
          id={FIELDS.listSize!.id}
          name="listSize"
          label={FIELDS.listSize!.label}
          hint="Antall pasienter på legens liste, for eksempel 600."
          value={p.values.listSize ?? ''}
          inputMode="numeric"
          short
          error={messages.get('listSize')}
        />
        <div class="actions">
          <button type="submit" class="ds-button" data-variant="primary">
            Meld oppstart
          </button>
        </div>
      </form>
      <Paragraph>Lenken kan brukes én gang.</Paragraph>
    </>,
  );
}

/** After the report: what was recorded, and what happens next. */
export function positionStartedPage(p: {
  applicationId: string;
  position: number;
  startDate: string;
  years: number;
}): string {
  const title = 'Oppstarten er registrert';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          {`Vi har registrert at ALIS-legen i stilling ${p.position} begynte ${formatDate(p.startDate)} (søknad ${p.applicationId}). Tilskuddet utbetales i ${p.years} år fra denne datoen, og dere får e-post før hver utbetaling.`}
        </Paragraph>
      </Alert>
      <Paragraph>Du kan lukke siden.</Paragraph>
      <HomeLink />
    </>,
  );
}
