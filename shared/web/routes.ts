// The web handler's routes: read the request, call a service, render the answer. Errors are turned
// into answers in one place (`answerError`), so a route only describes its happy path and its pages.

import { randomUUID } from 'node:crypto';
import type { FieldError } from '../domain/application.js';
import { PROGRAMMES, findRound, isProgrammeId, openRound } from '../domain/programmes.js';
import {
  AlreadyDecidedError,
  ApprovalRefusedError,
  ConflictError,
  GoneError,
  NotFoundError,
  ValidationError,
} from '../errors.js';
import { logger } from '../adapters/logger.js';
import { publicUrls } from '../public-urls.js';
import { amendApplication, openAmendment } from '../services/changes.js';
import { decide, openDecision } from '../services/reviews.js';
import { readStatus } from '../services/status.js';
import { submitApplication } from '../services/submission.js';
import type { ApplicationItem } from '../store/items.js';
import {
  IDEMPOTENCY_FIELD,
  applicationToFormValues,
  formToApplicationInput,
  formValuesFrom,
  type FormValues,
} from './application-form.js';
import { STYLESHEET, STYLESHEET_PATH } from './assets/designsystemet.generated.js';
import {
  MAX_BODY_BYTES,
  MalformedJsonError,
  bodyKind,
  header,
  html,
  json,
  parseJson,
  rawBody,
  redirect,
  wantsJson,
  type Request,
  type Response,
} from './http.js';
import {
  alreadyDecidedPage,
  amendmentReceivedPage,
  applicationFormPage,
  approvalRefusedPage,
  decisionPage,
  decisionRecordedPage,
  landingPage,
  messagePage,
  receiptPage,
  statusPage,
} from './pages/index.js';
import type { RouteKey } from './route-keys.js';

type Route = (request: Request) => Promise<Response>;

const routes: Record<RouteKey, Route> = {
  'GET /': async () =>
    html(200, landingPage({ programmes: Object.values(PROGRAMMES).map(programmeSummary) })),

  'GET /apply/{programme}': async (request) => {
    const id = param(request, 'programme');
    if (!isProgrammeId(id)) return notFound(request);
    const programme = PROGRAMMES[id];
    const round = openRound(programme, new Date());
    if (!round) {
      return html(
        409,
        messagePage({
          title: `${programme.name} tar ikke imot søknader nå`,
          message: 'Det er ingen åpen søknadsrunde. Se forsiden for kommende runder.',
        }),
      );
    }
    return html(
      200,
      applicationFormPage({
        programme,
        round,
        action: '/applications',
        mode: 'new',
        values: { programme: id },
        errors: [],
        idempotencyKey: randomUUID(),
      }),
    );
  },

  'POST /applications': async (request) => {
    const body = readBody(request);
    if (body.kind === 'json') {
      const result = await submitApplication(body.value, header(request, 'idempotency-key'));
      const answer = {
        applicationId: result.applicationId,
        status: result.status,
        statusUrl: publicUrls.status(result.statusToken),
      };
      return json(result.created ? 201 : 200, answer);
    }
    try {
      const result = await submitApplication(
        formToApplicationInput(body.form),
        body.form.get(IDEMPOTENCY_FIELD) || undefined,
      );
      return redirect(`/receipt/${result.statusToken}`);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ConflictError) {
        return rerenderApplicationForm(body.form, error);
      }
      throw error;
    }
  },

  'GET /receipt/{token}': async (request) => {
    const { app } = await readStatus(param(request, 'token'));
    return html(
      200,
      receiptPage({
        applicationId: app.applicationId,
        programmeName: PROGRAMMES[app.programme].name,
        statusUrl: `/status/${param(request, 'token')}`,
      }),
    );
  },

  'GET /status/{token}': async (request) => {
    const { app, history } = await readStatus(param(request, 'token'));
    const events = history.map((e) => ({
      at: e.at,
      type: e.type,
      by: e.by,
      ...(e.comment && { comment: e.comment }),
    }));
    if (wantsJson(request)) {
      return json(200, {
        applicationId: app.applicationId,
        programme: app.programme,
        status: app.status,
        history: events.map(({ at, type, by }) => ({ at, type, by })),
      });
    }
    return html(
      200,
      statusPage({
        applicationId: app.applicationId,
        programmeName: PROGRAMMES[app.programme].name,
        municipalityName: app.application.municipality.name,
        status: app.status,
        history: events,
      }),
    );
  },

  'GET /decisions/{token}': async (request) => {
    const token = param(request, 'token');
    return html(200, await decisionForm(token, [], {}));
  },

  'POST /decisions/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    const fields: Record<string, unknown> =
      body.kind === 'form' ? Object.fromEntries(body.form) : isRecord(body.value) ? body.value : {};
    try {
      const result = await decide(token, { decision: fields.decision, comment: fields.comment });
      return html(200, decisionRecordedPage(result));
    } catch (error) {
      if (error instanceof ValidationError) {
        const values = {
          decision: stringOrUndefined(fields.decision),
          comment: stringOrUndefined(fields.comment),
        };
        return html(400, await decisionForm(token, error.errors, values));
      }
      if (error instanceof ApprovalRefusedError) {
        return html(
          409,
          approvalRefusedPage({
            applicationId: error.applicationId,
            reason: error.reason,
            action: `/decisions/${token}`,
          }),
        );
      }
      throw error;
    }
  },

  'GET /amend/{token}': async (request) => {
    const token = param(request, 'token');
    const { app, request: changeRequest } = await openAmendment(token);
    return html(
      200,
      amendForm(token, app, applicationToFormValues(app.application), [], changeRequest.comment),
    );
  },

  'POST /amend/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') {
      const result = await amendApplication(token, body.value);
      return json(200, { applicationId: result.applicationId, status: 'IN_REVIEW' });
    }
    try {
      const result = await amendApplication(token, formToApplicationInput(body.form));
      return html(200, amendmentReceivedPage(result));
    } catch (error) {
      if (error instanceof ValidationError) {
        const { app, request: changeRequest } = await openAmendment(token);
        return html(
          400,
          amendForm(token, app, formValuesFrom(body.form), error.errors, changeRequest.comment),
        );
      }
      throw error;
    }
  },

  'GET /assets/{file}': async (request) => {
    if (`/assets/${param(request, 'file')}` !== STYLESHEET_PATH) return notFound(request);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'public, max-age=31536000, immutable',
      },
      body: STYLESHEET,
    };
  },
};

export async function route(request: Request): Promise<Response> {
  const handle = routes[request.routeKey as RouteKey];
  if (!handle) return notFound(request);
  try {
    return await handle(request);
  } catch (error) {
    return answerError(request, error);
  }
}

/** The one place where errors become answers. Unknown errors are logged and answered without details. */
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
  if (error instanceof ValidationError) return json(400, { errors: error.errors });
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
  if (error instanceof GoneError) {
    return page(
      410,
      'Lenken er utløpt',
      'Fristen for denne lenken har gått ut. Ta kontakt med programkontoret om du trenger en ny.',
    );
  }
  logger.error('request failed', {
    routeKey: request.routeKey,
    name: errorName(error),
    message: errorMessage(error),
  });
  return page(500, 'Noe gikk galt', 'Vi kunne ikke behandle forespørselen. Prøv igjen om litt.');
}

function notFound(request: Request): Response {
  const message = 'Siden finnes ikke. Sjekk at lenken er riktig og komplett.';
  return wantsJson(request)
    ? json(404, { errors: [{ path: '', code: 'not-found', message }] })
    : html(404, messagePage({ title: 'Fant ikke siden', message }));
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

type Body = { kind: 'json'; value: unknown } | { kind: 'form'; form: URLSearchParams };

function readBody(request: Request): Body {
  const kind = bodyKind(request);
  if (kind === 'unsupported') {
    throw new BodyError(
      415,
      'Ukjent innholdstype',
      'Send søknaden som JSON (application/json) eller fra skjemaet.',
    );
  }
  const body = rawBody(request);
  if (body.byteLength > MAX_BODY_BYTES) {
    throw new BodyError(
      413,
      'For stor forespørsel',
      `Forespørselen kan være høyst ${MAX_BODY_BYTES / 1024} kB.`,
    );
  }
  return kind === 'json'
    ? { kind, value: parseJson(body) }
    : { kind, form: new URLSearchParams(body.toString('utf8')) };
}

function rerenderApplicationForm(
  form: URLSearchParams,
  error: ValidationError | ConflictError,
): Response {
  const id = form.get('programme');
  const programme = isProgrammeId(id) ? PROGRAMMES[id] : undefined;
  const round = programme && openRound(programme, new Date());
  if (!programme || !round) {
    return html(
      error instanceof ConflictError ? 409 : 400,
      messagePage({
        title: 'Søknaden kan ikke tas imot',
        message: error.errors.map((e) => e.message).join(' '),
      }),
    );
  }
  return html(
    error instanceof ConflictError ? 409 : 400,
    applicationFormPage({
      programme,
      round,
      action: '/applications',
      mode: 'new',
      values: formValuesFrom(form),
      errors: error.errors,
      idempotencyKey: form.get(IDEMPOTENCY_FIELD) || randomUUID(),
    }),
  );
}

function amendForm(
  token: string,
  app: ApplicationItem,
  values: FormValues,
  errors: FieldError[],
  comment: string,
): string {
  // An amendment belongs to the round the application was submitted in, open or not.
  const { programme, round } = findRound(app.roundId)!;
  return applicationFormPage({
    programme,
    round,
    action: `/amend/${token}`,
    mode: 'amend',
    values,
    errors,
    changeRequestComment: comment,
  });
}

async function decisionForm(
  token: string,
  errors: FieldError[],
  values: { decision?: string; comment?: string },
): Promise<string> {
  const { app, link, round } = await openDecision(token);
  return decisionPage({
    applicationId: app.applicationId,
    application: app.application,
    programmeName: PROGRAMMES[app.programme].name,
    submittedAt: app.submittedAt,
    reviewer: link.holder,
    expiresAt: link.expiresAt < round.windowEnd ? link.expiresAt : round.windowEnd,
    action: `/decisions/${token}`,
    errors,
    values,
  });
}

function programmeSummary(programme: (typeof PROGRAMMES)[keyof typeof PROGRAMMES]) {
  const round = openRound(programme, new Date());
  return {
    id: programme.id,
    name: programme.name,
    owner: programme.owner,
    ...(round && { openRound: { name: round.name, closesAt: round.closesAt } }),
  };
}

function param(request: Request, name: string): string {
  return request.pathParameters?.[name] ?? '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function codeFor(status: number): string {
  return (
    {
      400: 'bad-request',
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
