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
  /**
   * Every position-year the link asks about, when it asks about more than one (positions due the
   * same day): the form then has an answer for each, under `positions.<i>.`.
   */
  asked?: readonly (ConfirmationPageProps['instalment'] & Pick<Instalment, 'position'>)[];
  /** When the link stops working (an instant). */
  expiresAt: string;
  action: string;
  errors: FieldError[];
  values: ConfirmationValues;
  /** With `asked`: the answers given, by index. */
  answers?: readonly ConfirmationValues[];
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

/** The answer fields of one position, named `positions.<index>.<field>`. */
function positionFields(index: number, position: number) {
  const field = (name: string, label: string) => ({
    id: `field-positions-${index}-${name}`,
    label: `Stilling ${position}: ${label}`,
  });
  return {
    [`positions.${index}.status`]: field('status', 'Svar'),
    [`positions.${index}.employmentModel`]: field('employmentModel', 'Tilknytningsform'),
    [`positions.${index}.listSize`]: field('listSize', 'Listelengde'),
    [`positions.${index}.endDate`]: field('endDate', 'Sluttdato'),
  };
}

/** The page for a link that asks about several positions: an answer for each. */
function severalPositionsPage(
  p: ConfirmationPageProps & { asked: NonNullable<ConfirmationPageProps['asked']> },
): string {
  const fields = Object.assign({}, ...p.asked.map((a, i) => positionFields(i, a.position)));
  const { messages, summary } = fieldMessages(p.errors, fields);
  const numbers = p.asked.map((a) => a.position);
  const names = `stilling ${numbers.slice(0, -1).join(', ')} og ${numbers.at(-1)}`;
  const title = `Bekreft ${p.asked.length} ALIS-stillinger`;
  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      <Paragraph>
        Før neste års tilskudd utbetales, må kommunen svare for {names}: er legen fortsatt i
        ALIS-stillingen, eller er stillingen avsluttet? En stilling som er avsluttet, stopper bare
        sine egne utbetalinger.
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
        <dt>Lenken gjelder</dt>
        <dd>{formatDeadline(p.expiresAt)}</dd>
      </dl>
      <form method="post" action={p.action} noValidate class="stack" aria-label="Svar">
        {p.asked.map((a, i) => {
          const id = (name: string) => fields[`positions.${i}.${name}`]!.id;
          const values = p.answers?.[i] ?? {};
          const heading = `stilling-${a.position}`;
          return (
            <section class="stack" aria-labelledby={heading}>
              <Heading level={2} id={heading}>
                {`Stilling ${a.position}, ${yearOfText(a.year, a.years)}`}
              </Heading>
              <Paragraph>
                Forfallsdato {formatDate(a.dueDate)}: {formatNok(a.net)} til utbetaling. Uten
                bekreftelse innen forfallsdatoen holdes utbetalingen tilbake.
              </Paragraph>
              <input type="hidden" name={`positions.${i}.position`} value={String(a.position)} />
              <ChoiceGroup
                id={id('status')}
                name={`positions.${i}.status`}
                type="radio"
                label={`Er legen i stilling ${a.position} fortsatt i ALIS-stillingen?`}
                selected={values.status ? [values.status] : []}
                options={CONFIRMATION_STATUSES.map((s) => ({
                  value: s,
                  label: CONFIRMATION_STATUS_LABELS[s],
                  hint:
                    s === 'continuing'
                      ? 'Fyll også ut tilknytningsform og listelengde.'
                      : 'Fyll også ut sluttdatoen. Utbetalinger i stillingen etter den faller bort.',
                }))}
                error={messages.get(`positions.${i}.status`)}
              />
              <ChoiceGroup
                id={id('employmentModel')}
                name={`positions.${i}.employmentModel`}
                type="radio"
                label="Tilknytningsform"
                hint="Fylles ut når legen fortsatt er i stillingen."
                selected={values.employmentModel ? [values.employmentModel] : []}
                options={p.employmentModels.map((m) => ({
                  value: m,
                  label: EMPLOYMENT_MODEL_LABELS[m],
                }))}
                error={messages.get(`positions.${i}.employmentModel`)}
              />
              <TextField
                id={id('listSize')}
                name={`positions.${i}.listSize`}
                label="Listelengde"
                hint="Fylles ut når legen fortsatt er i stillingen: antall pasienter på legens liste, for eksempel 800."
                value={values.listSize ?? ''}
                inputMode="numeric"
                short
                error={messages.get(`positions.${i}.listSize`)}
              />
              <TextField
                id={id('endDate')}
                name={`positions.${i}.endDate`}
                label="Sluttdato"
                hint="Fylles ut når stillingen er avsluttet: datoen på formen ÅÅÅÅ-MM-DD, for eksempel 2027-08-31."
                value={values.endDate ?? ''}
                short
                error={messages.get(`positions.${i}.endDate`)}
              />
            </section>
          );
        })}
        <div class="actions">
          <button type="submit" class="ds-button" data-variant="primary">
            Send bekreftelsen
          </button>
        </div>
      </form>
      <Paragraph>Lenken kan brukes én gang.</Paragraph>
    </>,
  );
}

export function confirmationPage(p: ConfirmationPageProps): string {
  if (p.asked && p.asked.length > 1) return severalPositionsPage({ ...p, asked: p.asked });
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
  positions?: readonly { position: number; year: number; status: 'continuing' | 'ended' }[];
}): string {
  const title = 'Takk for bekreftelsen';
  if (p.positions && p.positions.length > 1) {
    return renderPage(
      { title },
      <>
        <Heading level={1}>{title}</Heading>
        <Alert color="success">
          <Paragraph>{`Vi har registrert svarene for søknad ${p.applicationId}:`}</Paragraph>
          <ul>
            {p.positions.map((a) => (
              <li>
                {a.status === 'continuing'
                  ? `Stilling ${a.position}, år ${a.year}: legen er fortsatt i stillingen. Utbetalingen meldes til økonomi.`
                  : `Stilling ${a.position}, år ${a.year}: stillingen er avsluttet. Utbetalingene i den etter sluttdatoen faller bort.`}
              </li>
            ))}
          </ul>
        </Alert>
        <Paragraph>Dere får e-post når utbetalingene er gjort. Du kan lukke siden.</Paragraph>
        <HomeLink />
      </>,
    );
  }
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
