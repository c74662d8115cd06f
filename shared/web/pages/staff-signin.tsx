// The programme office's way in: the address form, the answer after it (the same for any address),
// and the page behind an e-mailed sign-in link, whose button signs in (a GET changes nothing).

import { SESSION_HOURS, SIGN_IN_LINK_MINUTES } from '../../domain/staff.js';
import { ErrorSummary, Heading, Paragraph, renderPage, type SummaryError } from '../layout.js';
import { TextField } from './controls.js';

export const STAFF_LOGIN_PATH = '/staff/login';

export function staffLoginPage(p: { email: string; error?: string }): string {
  const title = 'Logg inn for prosjektet';
  const errors: SummaryError[] = p.error ? [{ message: p.error, href: '#email' }] : [];
  return renderPage(
    { title, hasErrors: errors.length > 0 },
    <>
      <ErrorSummary errors={errors} />
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        Innloggingen er for prosjektleder, fagrådet og økonomi i ALIS-Nord og ALIS-Vest. Skriv
        e-postadressen din, så sender vi en lenke som logger deg inn. Lenken virker én gang, i{' '}
        {SIGN_IN_LINK_MINUTES} minutter.
      </Paragraph>
      <form method="post" action={STAFF_LOGIN_PATH} class="stack" novalidate>
        <TextField
          id="email"
          name="email"
          label="E-postadresse"
          type="email"
          autocomplete="email"
          value={p.email}
          error={p.error}
        />
        <div>
          <button class="ds-button" data-variant="primary" type="submit">
            Send lenke
          </button>
        </div>
      </form>
    </>,
  );
}

/** After an address was sent: the same words whether or not the address belongs to staff. */
export function staffLinkSentPage(): string {
  const title = 'Sjekk e-posten din';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        Hvis adressen hører til prosjektet, får du straks en e-post med en lenke som logger deg inn.
        Lenken virker én gang, i {SIGN_IN_LINK_MINUTES} minutter.
      </Paragraph>
      <Paragraph>
        Kommer det ingen e-post, sjekk at adressen er den programmet har registrert for deg, eller{' '}
        <a class="ds-link" href={STAFF_LOGIN_PATH}>
          prøv igjen
        </a>
        .
      </Paragraph>
    </>,
  );
}

/** Behind the link: only a button, so an e-mail scanner that fetches the link signs nobody in. */
export function staffSignInPage(p: { action: string }): string {
  const title = 'Logg inn';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        Trykk på knappen for å logge inn. Du blir logget inn i {SESSION_HOURS} timer.
      </Paragraph>
      <form method="post" action={p.action}>
        <button class="ds-button" data-variant="primary" type="submit">
          Logg inn
        </button>
      </form>
    </>,
  );
}
