// The one place where errors become answers, so that a route only describes its happy path and
// its own pages. Unknown errors are logged and answered without details.

import {
  AlreadyDecidedError,
  ConflictError,
  ContactBlockedError,
  CrossSiteRequestError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from '../errors.js';
import { BodyError } from './body.js';
import {
  MalformedJsonError,
  MAX_JSON_DEPTH,
  TooDeepJsonError,
  bodyKind,
  html,
  json,
  wantsJson,
  type Request,
  type Response,
} from './http.js';
import { alreadyDecidedPage, messagePage } from './pages/index.js';

export function answerError(request: Request, error: unknown): Response {
  const asJson = bodyKind(request) === 'json' || wantsJson(request);
  const page = (status: number, title: string, message: string) =>
    asJson
      ? json(status, { errors: [{ path: '', code: codeFor(status), message }] })
      : html(status, messagePage({ title, message }));

  if (error instanceof BodyError) return page(error.status, error.title, error.message);
  if (error instanceof MalformedJsonError) {
    return json(400, {
      errors: [{ path: '', code: 'malformed-json', message: 'Forespørselen er ikke gyldig JSON.' }],
    });
  }
  if (error instanceof TooDeepJsonError) {
    return json(400, {
      errors: [
        {
          path: '',
          code: 'too-deep',
          message: `Forespørselen har mer enn ${MAX_JSON_DEPTH} nivåer.`,
        },
      ],
    });
  }
  if (error instanceof ValidationError) {
    // A route shows its own form's errors; what reaches here is a body refused as a whole (a
    // field sent twice, bytes that are not UTF-8), shown to a browser as a page.
    return asJson
      ? json(400, { errors: error.errors })
      : html(
          400,
          messagePage({
            title: 'Skjemaet kan ikke leses',
            message: [...new Set(error.errors.map((e) => e.message))].join(' '),
          }),
        );
  }
  if (error instanceof ConflictError) {
    return asJson
      ? json(409, { errors: error.errors })
      : html(
          409,
          messagePage({
            title: 'Kan ikke gjennomføres',
            message: error.errors.map((e) => e.message).join(' '),
          }),
        );
  }
  if (error instanceof TooManyRequestsError) {
    const retryAfter = { 'retry-after': String(error.retryAfterSeconds) };
    return asJson
      ? json(429, { errors: error.errors }, retryAfter)
      : html(
          429,
          messagePage({
            title: 'For mange søknader i dag',
            message: error.errors.map((e) => e.message).join(' '),
          }),
          retryAfter,
        );
  }
  if (error instanceof AlreadyDecidedError) {
    return html(
      409,
      alreadyDecidedPage({
        applicationId: error.applicationId,
        decidedBy: error.decision.by,
        decision: error.decision.decision,
        decidedAt: error.decision.at,
      }),
    );
  }
  if (error instanceof NotFoundError) return notFound(request);
  if (error instanceof CrossSiteRequestError) {
    return page(
      403,
      'Forespørselen ble avvist',
      'Skjemaet ble ikke sendt fra denne tjenesten. Åpne siden på nytt og prøv igjen.',
    );
  }
  if (error instanceof ForbiddenError) {
    return page(
      403,
      'Ingen tilgang',
      'Du har ikke tilgang til dette. Det er bare prosjektlederen i programmet som kan gjøre det.',
    );
  }
  if (error instanceof ContactBlockedError) {
    // Says no more than that: whoever typed the address learns nothing about who blocked it.
    return page(
      403,
      'Søknaden kan ikke tas imot',
      'Søknader med denne e-postadressen som kontaktperson tas ikke imot. Ta kontakt med programkontoret.',
    );
  }
  if (error instanceof GoneError) {
    const message =
      'Lenken er brukt opp eller utløpt. Har du mistet lenken til en søknad eller et utkast, kan du få nye lenker på e-post: skriv organisasjonsnummeret og kontaktpersonens e-postadresse på /find. Ellers kan du ta kontakt med prosjektleder i programmet.';
    return asJson
      ? json(410, { errors: [{ path: '', code: 'gone', message }] })
      : html(
          410,
          messagePage({
            title: 'Lenken er utløpt',
            message,
            link: { href: '/find', label: 'Finn søknaden igjen' },
          }),
        );
  }
  console.error(
    JSON.stringify({
      level: 'error',
      routeKey: request.routeKey,
      name: errorName(error),
      message: errorMessage(error),
    }),
  );
  return page(500, 'Noe gikk galt', 'Vi kunne ikke behandle forespørselen. Prøv igjen om litt.');
}

/** No such route, page or link: the same answer whichever it was, so links cannot be probed. */
export function notFound(request: Request): Response {
  const message = 'Siden finnes ikke. Sjekk at lenken er riktig og komplett.';
  return wantsJson(request)
    ? json(404, { errors: [{ path: '', code: 'not-found', message }] })
    : html(404, messagePage({ title: 'Fant ikke siden', message }));
}

function codeFor(status: number): string {
  return (
    {
      400: 'bad-request',
      403: 'forbidden',
      404: 'not-found',
      410: 'gone',
      413: 'payload-too-large',
      415: 'unsupported-media-type',
    }[status] ?? 'internal-error'
  );
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
