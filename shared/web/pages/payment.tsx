// Finance's payment link: the notification's instalments with their amounts and states, and the
// form that records the payment date. Rendering it changes nothing; only the POST marks anything
// paid. Without any box ticked, every unpaid instalment is marked: the common case is one payment
// run for the whole notification.

import type { FieldError } from '../../domain/application.js';
import { formatDate, formatNok } from '../../presentation/format.js';
import { Alert, ErrorSummary, Heading, HomeLink, Paragraph, renderPage } from '../layout.js';
import { fieldMessages } from './confirmation.js';
import { ChoiceGroup, TextField } from './controls.js';
import { InstalmentTable, type InstalmentRow } from './instalments.js';

/** One instalment of the notification; `id` is what the form's `instalment` field sends. */
export type PaymentRow = InstalmentRow & {
  id: string;
  municipalityName: string;
  organisationNumber: string;
  applicationId: string;
};

export interface PaymentPageProps {
  notificationId: string;
  programmeName: string;
  lines: readonly PaymentRow[];
  action: string;
  errors: FieldError[];
  values: { paidOn?: string; instalment?: readonly string[] };
}

const FIELDS: Record<string, { id: string; label: string }> = {
  paidOn: { id: 'field-paidOn', label: 'Utbetalingsdato' },
  instalment: { id: 'field-instalment', label: 'Utbetalinger' },
};

/** Still to be recorded: the ones finance has been told to pay. */
const isUnpaid = (line: { status: string }) => line.status === 'NOTIFIED';

export function paymentPage(p: PaymentPageProps): string {
  const title = `Registrer utbetaling for varsel ${p.notificationId}`;
  const { messages, summary } = fieldMessages(p.errors, FIELDS);
  const unpaid = p.lines.filter(isUnpaid);
  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <Heading level={1}>{title}</Heading>
      <ErrorSummary errors={summary} />
      <dl class="facts">
        <dt>Program</dt>
        <dd>{p.programmeName}</dd>
        <dt>Utbetalingsvarsel</dt>
        <dd>{p.notificationId}</dd>
        <dt>Ikke registrert ennå</dt>
        <dd>
          {unpaid.length} av {p.lines.length}, til sammen{' '}
          {formatNok(unpaid.reduce((sum, line) => sum + line.net, 0))}
        </dd>
      </dl>
      <InstalmentTable
        caption={`Utbetalingene i varsel ${p.notificationId}`}
        rows={p.lines}
        withMunicipality
      />
      {unpaid.length === 0 ? (
        <Alert color="info">
          <Paragraph>Alle utbetalingene i varselet er registrert som utbetalt.</Paragraph>
        </Alert>
      ) : (
        <section class="stack" aria-labelledby="registrer">
          <Heading level={2} id="registrer">
            Registrer utbetalingen
          </Heading>
          <form
            method="post"
            action={p.action}
            noValidate
            class="stack"
            aria-labelledby="registrer"
          >
            <TextField
              id={FIELDS.paidOn!.id}
              name="paidOn"
              label={FIELDS.paidOn!.label}
              hint="Datoen beløpene ble utbetalt, på formen ÅÅÅÅ-MM-DD, for eksempel 2027-03-15."
              value={p.values.paidOn ?? ''}
              short
              error={messages.get('paidOn')}
            />
            <ChoiceGroup
              id={FIELDS.instalment!.id}
              name="instalment"
              type="checkbox"
              label="Hvilke utbetalinger er betalt?"
              hint="Kryss av bare hvis ikke alle er betalt. Uten avkrysning registreres alle som ikke er registrert ennå."
              optional
              selected={p.values.instalment ?? []}
              options={unpaid.map((line) => ({
                value: line.id,
                label: `${line.municipalityName}, år ${line.year} av ${line.years}: ${formatNok(line.net)}`,
                hint: `Søknad ${line.applicationId}, forfall ${formatDate(line.dueDate)}`,
              }))}
              error={messages.get('instalment')}
            />
            <div class="actions">
              <button type="submit" class="ds-button" data-variant="primary">
                Registrer som utbetalt
              </button>
            </div>
          </form>
        </section>
      )}
    </>,
  );
}

/** After the payment is recorded: what was marked paid. */
export function paymentRecordedPage(p: {
  notificationId: string;
  paid: readonly PaymentRow[];
}): string {
  const title = 'Utbetalingen er registrert';
  const paidOn = p.paid[0]?.paidOn;
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          {p.paid.length === 1 ? '1 utbetaling' : `${p.paid.length} utbetalinger`} i varsel{' '}
          {p.notificationId} er registrert som utbetalt
          {paidOn ? ` ${formatDate(paidOn)}` : ''}, til sammen{' '}
          {formatNok(p.paid.reduce((sum, line) => sum + line.net, 0))}. Kommunene får beskjed på
          e-post.
        </Paragraph>
      </Alert>
      <InstalmentTable caption="Registrert som utbetalt" rows={p.paid} withMunicipality />
      <HomeLink />
    </>,
  );
}
