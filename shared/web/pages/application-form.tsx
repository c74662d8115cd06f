// The application form (new, or amending after a request for changes). Posts the fields named by
// the JSON contract's dot paths; re-rendered with the values kept and the messages by the fields.

import type { FieldError } from '../../domain/application.js';
import type { Programme, Round } from '../../domain/programmes.js';
import { formatDeadline, positionsText } from '../../presentation/format.js';
import { grantText, municipalShareText } from '../../presentation/labels.js';
import { IDEMPOTENCY_FIELD, fieldValue, valuesOf, type FormValues } from '../form/convert.js';
import {
  POSITIONS_FIELD,
  anchorFor,
  fieldForError,
  fieldId,
  formSections,
  leafFields,
  positionPath,
  type FieldSpec,
  type PerPositionSpec,
  type SectionSpec,
} from '../form/fields.js';
import {
  Alert,
  ErrorSummary,
  Heading,
  Paragraph,
  renderPage,
  type SummaryError,
} from '../layout.js';
import { ChoiceGroup, Select, TextArea, TextField } from './controls.js';

export interface ApplicationFormPageProps {
  programme: Programme;
  round: Round;
  /** Where the form posts: `/applications`, or the amendment link. */
  action: string;
  mode: 'new' | 'amend';
  values: FormValues;
  errors: FieldError[];
  idempotencyKey?: string;
  /** The reviewers' comment, shown above an amendment form. */
  changeRequestComment?: string;
  /** The draft this form continues: sent with the application, saved again by "Lagre utkast". */
  draftToken?: string;
}

export function applicationFormPage(p: ApplicationFormPageProps): string {
  const sections = formSections(p.programme, p.round);
  const shown = placeErrors(p.errors, sections);
  const title =
    p.mode === 'new'
      ? `Søk om ALIS-tilskudd fra ${p.programme.name}`
      : `Endre søknaden til ${p.programme.name}`;
  const share = municipalShareText(p.programme);

  return renderPage(
    { title, hasErrors: shown.summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={shown.summary} />
      {p.mode === 'amend' && p.changeRequestComment && (
        <Alert color="warning" title="Fagrådet ber om disse endringene">
          <p class="ds-paragraph keep-lines">{p.changeRequestComment}</p>
        </Alert>
      )}
      <dl class="facts">
        <dt>Søknadsrunde</dt>
        <dd>{p.round.name}</dd>
        <dt>Søknadsfrist</dt>
        <dd>{capitalise(formatDeadline(p.round.closesAt))}</dd>
        <dt>Tilskudd</dt>
        <dd>
          {capitalise(grantText(p.programme))}
          {share && `; ${share}`}
        </dd>
      </dl>
      <Paragraph>
        {p.mode === 'new'
          ? 'Søknaden beskriver de ni punktene programmet vurderer. Alle felt må fylles ut, med mindre det står «valgfritt». Du får kvittering på e-post når søknaden er sendt.'
          : 'Rett opp det fagrådet ber om, og send søknaden på nytt. Alle felt må fylles ut, med mindre det står «valgfritt».'}
      </Paragraph>
      <Paragraph>
        Søknaden inneholder personopplysninger om kontaktpersonen, veilederen og legene ved
        legesenteret.{' '}
        <a class="ds-link" href="/personvern">
          Les hvordan vi behandler dem, og hvor lenge vi lagrer dem
        </a>
        .
      </Paragraph>
      <form method="post" action={p.action} noValidate class="stack" aria-label={title}>
        <input type="hidden" name="programme" value={p.programme.id} />
        {p.idempotencyKey && (
          <input type="hidden" name={IDEMPOTENCY_FIELD} value={p.idempotencyKey} />
        )}
        {p.draftToken && <input type="hidden" name="draft" value={p.draftToken} />}
        {sections.map((section) => (
          <Section section={section} values={p.values} messages={shown.byField} />
        ))}
        <div class="actions">
          <button type="submit" class="ds-button" data-variant="primary">
            {p.mode === 'new' ? 'Send søknaden' : 'Send den endrede søknaden'}
          </button>
          {p.mode === 'new' && (
            // Saves what is filled in, complete or not; the link comes by e-mail too.
            <button
              type="submit"
              class="ds-button"
              data-variant="secondary"
              formAction={p.draftToken ? `/drafts/${p.draftToken}` : '/drafts'}
            >
              Lagre utkast
            </button>
          )}
        </div>
      </form>
    </>,
  );
}

function Section({
  section,
  values,
  messages,
}: {
  section: SectionSpec;
  values: FormValues;
  messages: Map<string, string>;
}) {
  const headingId = `del-${section.id}`;
  return (
    <section class="section stack" aria-labelledby={headingId}>
      <Heading level={2} size="sm" id={headingId}>
        {section.title}
      </Heading>
      {section.intro && <Paragraph>{section.intro}</Paragraph>}
      {section.fields.map((item) =>
        item.kind === 'per-position' ? (
          <PerPosition spec={item} values={values} messages={messages} />
        ) : (
          <Field field={item} values={values} messages={messages} />
        ),
      )}
    </section>
  );
}

function Field({
  field,
  values,
  messages,
}: {
  field: FieldSpec;
  values: FormValues;
  messages: Map<string, string>;
}) {
  const common = {
    id: fieldId(field.path),
    name: field.path,
    label: field.label,
    hint: field.hint,
    optional: field.optional,
    error: messages.get(field.path),
  };
  switch (field.kind) {
    case 'text':
      return (
        <TextField
          {...common}
          value={fieldValue(values, field.path)}
          type={field.type}
          inputMode={field.inputMode}
          autocomplete={field.autocomplete}
          short={field.short}
        />
      );
    case 'textarea':
      return <TextArea {...common} value={fieldValue(values, field.path)} />;
    case 'select':
      return (
        <Select
          {...common}
          value={fieldValue(values, field.path)}
          placeholder={field.placeholder}
          options={field.options}
        />
      );
    case 'radios': {
      const value = fieldValue(values, field.path);
      // A choice of one is made already.
      const selected =
        value === '' && field.options.length === 1 ? [field.options[0]!.value] : [value];
      return <ChoiceGroup {...common} type="radio" selected={selected} options={field.options} />;
    }
    case 'checkboxes':
      return (
        <ChoiceGroup
          {...common}
          type="checkbox"
          selected={valuesOf(values, field.path)}
          options={field.options}
        />
      );
    case 'doctors':
      return (
        <DoctorRows
          {...common}
          rows={Math.max(field.rows, filledDoctorRows(values, field.path))}
          values={values}
          messages={messages}
        />
      );
  }
}

/**
 * One fieldset per position the form offers. The pages have no script: the stylesheet shows only
 * as many as the chosen number of positions (site.css, `.position`), and where it cannot, each
 * fieldset says when it counts; the conversion reads only that many.
 */
function PerPosition({
  spec,
  values,
  messages,
}: {
  spec: PerPositionSpec;
  values: FormValues;
  messages: Map<string, string>;
}) {
  return (
    <div class="positions">
      {Array.from({ length: spec.count }, (_, i) => {
        const hintId = `${fieldId(`${POSITIONS_FIELD}.${i}`)}-hint`;
        const onlyWhen =
          i === 0
            ? undefined
            : i + 1 === spec.count
              ? `Fylles bare ut når dere søker om ${positionsText(i + 1)}.`
              : `Fylles bare ut når dere søker om ${i + 1} ALIS-stillinger eller flere.`;
        return (
          <fieldset class="ds-fieldset position" aria-describedby={onlyWhen && hintId}>
            <legend class="ds-label">Stilling {i + 1}</legend>
            {onlyWhen && (
              <div data-field="description" id={hintId}>
                {onlyWhen}
              </div>
            )}
            {spec.fields.map((field) => (
              <Field
                field={{ ...field, path: positionPath(i, field.path) }}
                values={values}
                messages={messages}
              />
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}

function filledDoctorRows(values: FormValues, path: string): number {
  let count = 0;
  for (const name of Object.keys(values)) {
    const match = new RegExp(`^${path.replace(/\./g, '\\.')}\\.(\\d+)\\.`).exec(name);
    if (match) count = Math.max(count, Number(match[1]) + 1);
  }
  return count;
}

function DoctorRows(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  rows: number;
  values: FormValues;
  messages: Map<string, string>;
}) {
  const { id, name, label, hint, error, rows, values, messages } = props;
  const describedBy =
    [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="ds-fieldset" aria-describedby={describedBy}>
      <legend class="ds-label">{label}</legend>
      {hint && (
        <div data-field="description" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <div class="doctor-rows">
        {Array.from({ length: rows }, (_, i) => {
          const age = `${name}.${i}.age`;
          const specialty = `${name}.${i}.specialty`;
          return (
            <fieldset class="ds-fieldset">
              <legend class="ds-label" data-weight="regular">
                Lege {i + 1}
              </legend>
              <div class="doctor-row">
                <TextField
                  id={fieldId(age)}
                  name={age}
                  label="Alder"
                  value={fieldValue(values, age)}
                  inputMode="numeric"
                  error={messages.get(age)}
                />
                <TextField
                  id={fieldId(specialty)}
                  name={specialty}
                  label="Spesialitet eller stilling"
                  value={fieldValue(values, specialty)}
                  error={messages.get(specialty)}
                />
              </div>
            </fieldset>
          );
        })}
      </div>
      {error && (
        <p class="ds-validation-message" data-field="validation" id={`${id}-error`}>
          <span class="ds-sr-only">Feil: </span>
          {error}
        </p>
      )}
    </fieldset>
  );
}

const MUNICIPALITY_NUMBER = 'municipality.municipalityNumber';

/** Where each message shows: by its field, and in the summary (in page order, named by field). */
function placeErrors(errors: readonly FieldError[], sections: readonly SectionSpec[]) {
  const fields = leafFields(sections);
  const order = fields.flatMap((f) =>
    f.kind === 'doctors' ? [f.path, ...doctorPaths(f.path, 50)] : [f.path],
  );
  const byField = new Map<string, string[]>();
  const unplaced: SummaryError[] = [];
  const numberInvalid = errors.some((e) => e.path === MUNICIPALITY_NUMBER);
  for (const error of errors) {
    // The name is not a field: the form takes it from the register by the chosen number.
    if (error.path === 'municipality.name' && numberInvalid) continue;
    const field =
      error.path === 'municipality.name'
        ? MUNICIPALITY_NUMBER
        : fieldForError(error.path, sections);
    if (!field) {
      unplaced.push({ message: error.message });
      continue;
    }
    const spec = fields.find((f) => f.path === field);
    const message = formMessage(error, field, spec);
    const list = byField.get(field) ?? [];
    if (!list.includes(message)) list.push(message);
    byField.set(field, list);
  }
  const placed = [...byField.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const summary: SummaryError[] = [
    ...unplaced,
    ...placed.map((field) => ({
      message: `${labelForPath(field, fields)}: ${byField.get(field)!.join(' ')}`,
      href: `#${anchorFor(field, sections)}`,
    })),
  ];
  return {
    summary,
    byField: new Map([...byField].map(([field, messages]) => [field, messages.join(' ')])),
  };
}

/** The domain's message, in the words of the form where the form asks differently. */
function formMessage(error: FieldError, field: string, spec: FieldSpec | undefined): string {
  // "Fyll inn kommunenummer" asks for typing; the form offers a list to choose from.
  if (spec?.kind === 'select' && error.code === 'required')
    return `Velg ${spec.label.toLowerCase()}.`;
  if (spec?.missingMessage && error.path === field && error.code === 'required')
    return spec.missingMessage;
  // A position the form has no fieldset for, or more than the list's bound: only a number of
  // positions that the form does not offer gets there.
  if (
    spec?.kind === 'radios' &&
    field === POSITIONS_FIELD &&
    (error.path.startsWith(`${field}.`) || error.code === 'too-large')
  )
    return `Dere kan søke om høyst ${positionsText(spec.options.length)}.`;
  return error.message;
}

function doctorPaths(path: string, rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => [
    `${path}.${i}.age`,
    `${path}.${i}.specialty`,
  ]).flat();
}

function rank(order: readonly string[], path: string): number {
  const i = order.indexOf(path);
  return i === -1 ? order.length : i;
}

function labelForPath(path: string, fields: readonly FieldSpec[]): string {
  const doctor = /\.(\d+)\.(age|specialty)$/.exec(path);
  if (doctor)
    return `Lege ${Number(doctor[1]) + 1}, ${doctor[2] === 'age' ? 'alder' : 'spesialitet eller stilling'}`;
  const field = fields.find((f) => f.path === path);
  return field ? (field.summaryLabel ?? field.label) : path;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
