// The rounds section of the lead's page (/staff/admin): each programme's rounds with their terms,
// a form to change each round as far as its state allows, and a form to open a new one. The rules
// are shared/domain/rounds.ts; a refused post shows its form again with the messages and values.

import type { FieldError } from '../../domain/application.js';
import { osloDateOf } from '../../domain/calendar.js';
import type { Programme, ProgrammeId } from '../../domain/programmes.js';
import { ROUND_FIELD_LABELS, ROUND_FIELDS } from '../../domain/rounds.js';
import { formatDate, formatDateTime, formatNok } from '../../presentation/format.js';
import type { AdminRound } from '../../services/rounds.js';
import { ErrorSummary, Heading, Paragraph } from '../layout.js';
import { fieldMessages } from './confirmation.js';
import { ChoiceGroup, TextField } from './controls.js';

export interface AdminRoundsProgramme {
  programme: Programme;
  /** Newest first. */
  rounds: readonly AdminRound[];
}

/** A post the rules refused: which form it came from, what it sent, and why. */
export interface RefusedRoundPost {
  programme: ProgrammeId;
  /** The round an edit was for; none for a new round. */
  roundId?: string;
  values: Record<string, string | readonly string[]>;
  errors: readonly FieldError[];
}

export interface AdminRoundsSectionProps {
  csrfToken: string;
  programmes: readonly AdminRoundsProgramme[];
  /** The page's time, which tells planned, open and closed rounds apart. */
  now: string;
  refused?: RefusedRoundPost;
}

export function adminRoundsPath(programme: ProgrammeId, roundId?: string): string {
  const base = `/staff/admin/${programme}/rounds`;
  return roundId ? `${base}/${encodeURIComponent(roundId)}` : base;
}

type RoundState = 'planned' | 'open' | 'closed';

const STATE_LABELS: Record<RoundState, string> = {
  planned: 'Ikke åpnet',
  open: 'Åpen',
  closed: 'Stengt',
};

function stateOf(round: AdminRound, now: string): RoundState {
  const t = Date.parse(now);
  if (t >= Date.parse(round.closesAt)) return 'closed';
  return t >= Date.parse(round.opensAt) ? 'open' : 'planned';
}

/** The ids of one form's fields: unique on a page with a form per round. */
function fieldsOf(formId: string) {
  return Object.fromEntries(
    [...ROUND_FIELDS, 'closeNow' as const].map((field) => [
      field,
      { id: `${formId}-${field}`, label: ROUND_FIELD_LABELS[field] },
    ]),
  ) as Record<string, { id: string; label: string }>;
}

/** The error summary of a refused round post, for the top of the page. */
export function refusedRoundSummary(refused: RefusedRoundPost | undefined) {
  if (!refused) return [];
  return fieldMessages(refused.errors, fieldsOf(formIdOf(refused.programme, refused.roundId)))
    .summary;
}

function formIdOf(programme: ProgrammeId, roundId?: string): string {
  return roundId ? `runde-${roundId}` : `ny-runde-${programme}`;
}

export function AdminRoundsSection(p: AdminRoundsSectionProps) {
  return (
    <section aria-labelledby="runder" class="stack">
      <Heading level={2} id="runder">
        Søknadsrunder
      </Heading>
      <Paragraph>
        En runde tar imot søknader fra første til og med siste søknadsdag (norsk tid). Før runden
        åpner, kan alt endres. Når den har åpnet, kan du bare flytte siste søknadsdag senere, øke
        antall stillinger eller stenge runden nå. Søknader og tilskudd følger alltid vilkårene i sin
        egen runde. Alle endringer lagres med hvem, når og gamle og nye verdier.
      </Paragraph>
      {p.programmes.map((entry) => (
        <ProgrammeRounds {...entry} csrfToken={p.csrfToken} now={p.now} refused={p.refused} />
      ))}
    </section>
  );
}

function ProgrammeRounds({
  programme,
  rounds,
  csrfToken,
  now,
  refused,
}: AdminRoundsProgramme & {
  csrfToken: string;
  now: string;
  refused: RefusedRoundPost | undefined;
}) {
  const headingId = `runder-${programme.id}`;
  const refusedHere = refused?.programme === programme.id ? refused : undefined;
  return (
    <section aria-labelledby={headingId} class="stack">
      <Heading level={3} id={headingId}>
        {programme.name}
      </Heading>
      <RoundTable programme={programme} rounds={rounds} now={now} />
      {rounds
        .filter((round) => stateOf(round, now) !== 'closed')
        .map((round) => (
          <EditRoundForm
            programme={programme}
            round={round}
            state={stateOf(round, now)}
            csrfToken={csrfToken}
            refused={refusedHere?.roundId === round.id ? refusedHere : undefined}
          />
        ))}
      <NewRoundForm
        programme={programme}
        csrfToken={csrfToken}
        now={now}
        refused={refusedHere && !refusedHere.roundId ? refusedHere : undefined}
      />
    </section>
  );
}

function RoundTable({
  programme,
  rounds,
  now,
}: {
  programme: Programme;
  rounds: readonly AdminRound[];
  now: string;
}) {
  const captionId = `runder-${programme.id}-tabell`;
  return (
    <section class="table-wrapper" aria-labelledby={captionId} tabindex={0}>
      <table class="ds-table" data-size="sm">
        <caption id={captionId}>Rundene i {programme.name}, nyeste først</caption>
        <thead>
          <tr>
            <th scope="col">Runde</th>
            <th scope="col">Status</th>
            <th scope="col">Søknadsdager</th>
            <th scope="col">Fylker</th>
            <th scope="col" class="numeric">
              Stillinger (godkjent)
            </th>
            <th scope="col" class="numeric">
              Tilskudd per år, høyst
            </th>
            <th scope="col" class="numeric">
              Egenandel per år
            </th>
            <th scope="col" class="numeric">
              Høyst per kommune
            </th>
            <th scope="col">Sist endret</th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((round) => {
            const last = round.history.at(-1);
            return (
              <tr>
                <th scope="row">{round.name}</th>
                <td>
                  {STATE_LABELS[stateOf(round, now)]}
                  {round.closedEarlyAt && ` (stengt ${formatDateTime(round.closedEarlyAt)})`}
                </td>
                <td>
                  {formatDate(round.opensOn)} – {formatDate(round.closesOn)}
                </td>
                <td>{round.counties.join(', ')}</td>
                <td class="numeric">
                  {round.positions} ({round.approvedPositions})
                </td>
                <td class="numeric">{formatNok(round.maxYearlyAmount)}</td>
                <td class="numeric">{formatNok(round.municipalShare)}</td>
                <td class="numeric">{round.maxPositionsPerMunicipality}</td>
                <td>{last ? `${formatDateTime(last.at)}, ${last.by}` : 'Fra oppsettet'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function sentOr(
  refused: RefusedRoundPost | undefined,
  field: string,
  current: string | number,
): string {
  const sent = refused?.values[field];
  if (sent === undefined) return String(current);
  return typeof sent === 'string' ? sent : sent.join(', ');
}

function countiesOf(refused: RefusedRoundPost | undefined, current: readonly string[]) {
  const sent = refused?.values.counties;
  if (sent === undefined) return current;
  return typeof sent === 'string' ? [sent] : sent;
}

function CsrfField({ csrfToken }: { csrfToken: string }) {
  return <input type="hidden" name="csrf" value={csrfToken} />;
}

function NewRoundForm({
  programme,
  csrfToken,
  now,
  refused,
}: {
  programme: Programme;
  csrfToken: string;
  now: string;
  refused: RefusedRoundPost | undefined;
}) {
  const formId = formIdOf(programme.id);
  const fields = fieldsOf(formId);
  const { messages } = fieldMessages(refused?.errors ?? [], fields);
  const today = osloDateOf(new Date(now));
  const value = (field: string, fallback: string | number) => sentOr(refused, field, fallback);
  return (
    <form method="post" action={adminRoundsPath(programme.id)} class="stack" id={formId}>
      <CsrfField csrfToken={csrfToken} />
      <fieldset class="ds-fieldset stack">
        <legend class="ds-label">Ny søknadsrunde i {programme.name}</legend>
        <TextField
          {...fields.name!}
          name="name"
          value={value('name', '')}
          error={messages.get('name')}
        />
        <DayFields
          fields={fields}
          messages={messages}
          values={{ opensOn: value('opensOn', ''), closesOn: value('closesOn', '') }}
          hintFrom={today}
        />
        <TextField
          {...fields.positions!}
          name="positions"
          value={value('positions', '')}
          inputMode="numeric"
          short
          error={messages.get('positions')}
        />
        <ChoiceGroup
          {...fields.counties!}
          name="counties"
          type="checkbox"
          selected={countiesOf(refused, [])}
          options={programme.counties.map((c) => ({ value: c, label: c }))}
          error={messages.get('counties')}
        />
        <TermFields fields={fields} messages={messages} value={value} programme={programme} />
      </fieldset>
      <button type="submit" class="ds-button" data-variant="primary">
        Opprett runden
      </button>
    </form>
  );
}

function DayFields({
  fields,
  messages,
  values,
  hintFrom,
}: {
  fields: Record<string, { id: string; label: string }>;
  messages: Map<string, string>;
  values: { opensOn?: string; closesOn: string };
  hintFrom: string;
}) {
  return (
    <>
      {values.opensOn !== undefined && (
        <TextField
          {...fields.opensOn!}
          name="opensOn"
          value={values.opensOn}
          hint={`ÅÅÅÅ-MM-DD, i dag (${hintFrom}) eller senere`}
          short
          error={messages.get('opensOn')}
        />
      )}
      <TextField
        {...fields.closesOn!}
        name="closesOn"
        value={values.closesOn}
        hint="ÅÅÅÅ-MM-DD; søknader tas imot til og med denne dagen"
        short
        error={messages.get('closesOn')}
      />
    </>
  );
}

function TermFields({
  fields,
  messages,
  value,
  programme,
}: {
  fields: Record<string, { id: string; label: string }>;
  messages: Map<string, string>;
  value: (field: string, fallback: string | number) => string;
  programme: Pick<
    Programme,
    'grantPerPositionPerYear' | 'municipalSharePerPositionPerYear' | 'maxPositionsPerMunicipality'
  >;
}) {
  return (
    <>
      <TextField
        {...fields.maxYearlyAmount!}
        name="maxYearlyAmount"
        value={value('maxYearlyAmount', programme.grantPerPositionPerYear)}
        hint="Hele kroner"
        inputMode="numeric"
        short
        error={messages.get('maxYearlyAmount')}
      />
      <TextField
        {...fields.municipalShare!}
        name="municipalShare"
        value={value('municipalShare', programme.municipalSharePerPositionPerYear)}
        hint="Hele kroner; 0 om kommunen ikke betaler egenandel"
        inputMode="numeric"
        short
        error={messages.get('municipalShare')}
      />
      <TextField
        {...fields.maxPositionsPerMunicipality!}
        name="maxPositionsPerMunicipality"
        value={value('maxPositionsPerMunicipality', programme.maxPositionsPerMunicipality)}
        inputMode="numeric"
        short
        error={messages.get('maxPositionsPerMunicipality')}
      />
    </>
  );
}

function EditRoundForm({
  programme,
  round,
  state,
  csrfToken,
  refused,
}: {
  programme: Programme;
  round: AdminRound;
  state: RoundState;
  csrfToken: string;
  refused: RefusedRoundPost | undefined;
}) {
  const formId = formIdOf(programme.id, round.id);
  const fields = fieldsOf(formId);
  const { messages } = fieldMessages(refused?.errors ?? [], fields);
  const value = (field: string, fallback: string | number) => sentOr(refused, field, fallback);
  const action = adminRoundsPath(programme.id, round.id);
  const terms = {
    grantPerPositionPerYear: round.maxYearlyAmount,
    municipalSharePerPositionPerYear: round.municipalShare,
    maxPositionsPerMunicipality: round.maxPositionsPerMunicipality,
  };
  return (
    <div class="stack" id={formId}>
      <form method="post" action={action} class="stack">
        <CsrfField csrfToken={csrfToken} />
        <fieldset class="ds-fieldset stack">
          <legend class="ds-label">
            Endre «{round.name}» ({STATE_LABELS[state].toLowerCase()})
          </legend>
          {state === 'planned' && (
            <TextField
              {...fields.name!}
              name="name"
              value={value('name', round.name)}
              error={messages.get('name')}
            />
          )}
          <DayFields
            fields={fields}
            messages={messages}
            values={{
              ...(state === 'planned' && { opensOn: value('opensOn', round.opensOn) }),
              closesOn: value('closesOn', round.closesOn),
            }}
            hintFrom={round.opensOn}
          />
          <TextField
            {...fields.positions!}
            name="positions"
            value={value('positions', round.positions)}
            hint={
              state === 'open'
                ? `Kan bare økes. ${round.approvedPositions} er godkjent så langt.`
                : undefined
            }
            inputMode="numeric"
            short
            error={messages.get('positions')}
          />
          {state === 'planned' && (
            <>
              <ChoiceGroup
                {...fields.counties!}
                name="counties"
                type="checkbox"
                selected={countiesOf(refused, round.counties)}
                options={programme.counties.map((c) => ({ value: c, label: c }))}
                error={messages.get('counties')}
              />
              <TermFields fields={fields} messages={messages} value={value} programme={terms} />
            </>
          )}
        </fieldset>
        <button type="submit" class="ds-button" data-variant="secondary">
          Lagre endringene
        </button>
      </form>
      {state === 'open' && (
        <form method="post" action={action} class="stack">
          <CsrfField csrfToken={csrfToken} />
          <ChoiceGroup
            {...fields.closeNow!}
            label={`Steng «${round.name}» nå`}
            name="closeNow"
            type="checkbox"
            hint="Runden tar ikke imot flere søknader. Dette kan ikke angres; søknadene som er kommet inn, behandles som før."
            selected={[]}
            options={[{ value: 'true', label: 'Ja, steng runden nå' }]}
            error={messages.get('closeNow')}
          />
          <button type="submit" class="ds-button" data-variant="secondary">
            Steng runden
          </button>
        </form>
      )}
    </div>
  );
}

/** The summary for the top of the admin page, when a round post was refused. */
export function RoundsErrorSummary({ refused }: { refused: RefusedRoundPost | undefined }) {
  return <ErrorSummary errors={refusedRoundSummary(refused)} />;
}
