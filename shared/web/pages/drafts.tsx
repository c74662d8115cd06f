// A saved draft's page (with its link), the choice of programme for a draft begun without one, and
// "find my application": its form and its answer, the same whatever was typed.

import { formatDeadline } from '../../presentation/format.js';
import {
  Alert,
  ErrorSummary,
  Heading,
  Paragraph,
  renderPage,
  type SummaryError,
} from '../layout.js';
import { TextField } from './controls.js';

export const FIND_PATH = '/find';

export function draftSavedPage(p: { draftUrl: string; closesAt: string }): string {
  const title = 'Utkastet er lagret';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Alert color="success">
        <Paragraph>
          Fortsett på utkastet med lenken under, og send søknaden innen {formatDeadline(p.closesAt)}
          . Kontaktpersonen får også lenken på e-post.
        </Paragraph>
      </Alert>
      <Paragraph>
        <a class="ds-link" href={p.draftUrl} data-testid="draft-link">
          Fortsett på utkastet
        </a>
      </Paragraph>
      <Paragraph>
        Lenken er personlig: alle som har den, kan lese og endre utkastet. Utkastet er ikke sendt
        før du trykker «Send søknaden».
      </Paragraph>
    </>,
  );
}

/** A draft begun without a programme: which programme's form to continue in. */
export function draftProgrammePage(p: { choices: { name: string; href: string }[] }): string {
  const title = 'Velg program for utkastet';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>Utkastet er ikke knyttet til et program ennå. Velg hvilket du søker:</Paragraph>
      <ul>
        {p.choices.map((c) => (
          <li>
            <a class="ds-link" href={c.href}>
              {c.name}
            </a>
          </li>
        ))}
      </ul>
    </>,
  );
}

export interface FindValues {
  organisationNumber: string;
  email: string;
}

export function findPage(p: {
  values: FindValues;
  errors: { path: string; message: string }[];
}): string {
  const title = 'Finn søknaden igjen';
  const errorOf = (path: string) =>
    p.errors
      .filter((e) => e.path === path)
      .map((e) => e.message)
      .join(' ') || undefined;
  const summary: SummaryError[] = p.errors.map((e) => ({
    message: e.message,
    href: `#${e.path === 'email' ? 'email' : 'organisationNumber'}`,
  }));
  return renderPage(
    { title, hasErrors: summary.length > 0 },
    <>
      <ErrorSummary errors={summary} />
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        Har du mistet lenken til en søknad eller et utkast? Skriv kommunens organisasjonsnummer og
        kontaktpersonens e-postadresse slik de står i søknaden. Stemmer de, sender vi lenkene til
        kontaktpersonen på e-post.
      </Paragraph>
      <form method="post" action={FIND_PATH} class="stack" novalidate>
        <TextField
          id="organisationNumber"
          name="organisationNumber"
          label="Organisasjonsnummer"
          hint="Ni sifre, for eksempel 972 418 013"
          inputMode="numeric"
          value={p.values.organisationNumber}
          error={errorOf('organisationNumber')}
        />
        <TextField
          id="email"
          name="email"
          label="Kontaktpersonens e-postadresse"
          type="email"
          autocomplete="email"
          value={p.values.email}
          error={errorOf('email')}
        />
        <div>
          <button class="ds-button" data-variant="primary" type="submit">
            Send lenkene
          </button>
        </div>
      </form>
    </>,
  );
}

/** The one answer to a request to find, whatever it found. */
export const FIND_ANSWER =
  'Hvis organisasjonsnummeret og e-postadressen hører til en søknad eller et utkast, har vi sendt lenkene til kontaktpersonen på e-post. Kommer det ingen e-post, sjekk at du skrev det som står i søknaden.';

export function findAnsweredPage(): string {
  const title = 'Sjekk e-posten';
  return renderPage(
    { title },
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>{FIND_ANSWER}</Paragraph>
    </>,
  );
}
