// What anyone may open: the landing page, the application form and its post, the receipt and the
// status page behind the private status link, and the stylesheet.

import { statusGrantOf } from '../grant-view.js';
import { publicUrls } from '../../public-urls.js';
import { randomUUID } from 'node:crypto';
import {
  PROGRAMMES,
  PROGRAMME_IDS,
  isProgrammeId,
  type Programme,
  type Round,
} from '../../domain/programmes.js';
import { programmeWithOpenRound } from '../../services/programme-settings.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { RouteKey } from '../../http-routes.js';
import { awaitingContactText } from '../../presentation/labels.js';
import { readGrant } from '../../services/grants.js';
import { readStatus } from '../../services/status.js';
import { statusShown } from '../../domain/review.js';
import { COMPLAINT_STATUS_LABELS, LETTER_TITLES, letterId } from '../../presentation/letter.js';
import { canWithdraw } from '../../services/withdrawal.js';
import { submitApplication } from '../../services/submission.js';
import { openDraft } from '../../services/drafts.js';
import { mergeOverDraft } from '../../domain/draft.js';
import {
  STYLESHEET,
  STYLESHEET_ENCODED,
  STYLESHEET_PATH,
} from '../assets/designsystemet.generated.js';
import { readBody } from '../body.js';
import { notFound } from '../error-answers.js';
import { IDEMPOTENCY_FIELD, formToApplicationInput, formValuesFrom } from '../form/convert.js';
import {
  header,
  html,
  immutableFile,
  json,
  param,
  redirect,
  wantsJson,
  type Response,
  type Route,
} from '../http.js';
import {
  applicationFormPage,
  landingPage,
  messagePage,
  receiptPage,
  statusPage,
} from '../pages/index.js';
import { declineForm, withdrawForm } from './municipality.js';

type PublicRouteKey = Extract<
  RouteKey,
  | 'GET /'
  | 'GET /apply/{programme}'
  | 'POST /applications'
  | 'GET /receipt/{token}'
  | 'GET /status/{token}'
  | 'GET /assets/{file}'
>;

export const publicRoutes: Record<PublicRouteKey, Route> = {
  'GET /': async () => {
    const now = new Date();
    const running = await Promise.all(PROGRAMME_IDS.map((id) => programmeWithOpenRound(id, now)));
    return html(200, landingPage({ programmes: running.map(programmeSummary) }));
  },

  'GET /apply/{programme}': async (request) => {
    const id = param(request, 'programme');
    if (!isProgrammeId(id)) return notFound(request);
    const { programme, round } = await programmeWithOpenRound(id);
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
      const { input, draft, sent } = await fromDraft(body.value);
      if (sent) {
        // Sent before: the application it became, as a repeated Idempotency-Key answers.
        const { app } = await readStatus(sent);
        return json(200, {
          applicationId: app.applicationId,
          status: app.status,
          statusUrl: publicUrls.status(sent),
        });
      }
      const key = header(request, 'idempotency-key');
      const result = draft
        ? await submitApplication(input, key, new Date(), draft)
        : await submitApplication(input, key);
      const answer = {
        applicationId: result.applicationId,
        status: result.status,
        statusUrl: publicUrls.status(result.statusToken),
      };
      return json(result.created ? 201 : 200, answer);
    }
    try {
      const draftToken = body.form.get(DRAFT_FIELD);
      const draft = draftToken ? await draftToSend(draftToken) : undefined;
      if (draft && 'statusToken' in draft) return redirect(`/receipt/${draft.statusToken}`);
      const input = formToApplicationInput(body.form);
      const key = body.form.get(IDEMPOTENCY_FIELD) || undefined;
      const result = draft
        ? await submitApplication(input, key, new Date(), draft)
        : await submitApplication(input, key);
      return redirect(`/receipt/${result.statusToken}`);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ConflictError) {
        return rerenderApplicationForm(body.form, error);
      }
      throw error;
    }
  },

  'GET /receipt/{token}': async (request) => {
    const token = param(request, 'token');
    const { app, contactDeadline } = await readStatus(token);
    return html(
      200,
      receiptPage({
        applicationId: app.applicationId,
        programmeName: PROGRAMMES[app.programme].name,
        statusUrl: `/status/${token}`,
        ...(contactDeadline && { contactDeadline }),
      }),
    );
  },

  'GET /status/{token}': async (request) => {
    const { app, history, contactDeadline, letters } = await readStatus(param(request, 'token'));
    const events = history.map((e) => ({
      at: e.at,
      type: e.type,
      by: e.by,
      ...(e.comment && { comment: e.comment }),
    }));
    const written = GRANT_HOLDING_STATUSES.has(app.status)
      ? await readGrant(app.applicationId)
      : undefined;
    const grant = statusGrantOf(written);
    if (wantsJson(request)) {
      return json(200, {
        applicationId: app.applicationId,
        programme: app.programme,
        status: statusShown(app),
        history: events.map(({ at, type, by }) => ({ at, type, by })),
        // While AWAITING_CONTACT: what the contact is to do, and by when.
        ...(contactDeadline && {
          nextStep: awaitingContactText(contactDeadline),
          confirmBy: contactDeadline,
        }),
        ...(grant && {
          grant: {
            status: grant.status,
            startDate: grant.startDate,
            years: grant.years,
            yearlyAmount: grant.yearlyAmountPerPosition,
            positions: grant.positions,
            instalments: grant.instalments.map(
              ({ position, year, dueDate, grant, egenandel, net, status }) => ({
                position,
                year,
                dueDate,
                grant,
                egenandel,
                net,
                status,
              }),
            ),
          },
        }),
      });
    }
    const decline = declineForm(param(request, 'token'), written);
    return html(
      200,
      statusPage({
        applicationId: app.applicationId,
        programmeName: PROGRAMMES[app.programme].name,
        municipalityName: app.application.municipality.name,
        status: statusShown(app),
        history: events,
        letters: (letters ?? []).map(({ letter, complaint }) => ({
          href: `/status/${param(request, 'token')}/letters/${letterId(letter.number)}`,
          title: LETTER_TITLES[letter.decision.kind],
          sentAt: letter.sentAt,
          ...(complaint && { complaint: COMPLAINT_STATUS_LABELS[complaint.status] }),
        })),
        ...(grant && { grant }),
        ...(contactDeadline && { contactDeadline }),
        ...(canWithdraw(app) && { withdraw: withdrawForm(param(request, 'token')) }),
        ...(decline && { decline }),
        documentsUrl: `/status/${param(request, 'token')}/documents`,
      }),
    );
  },

  'GET /assets/{file}': async (request) => {
    if (`/assets/${param(request, 'file')}` !== STYLESHEET_PATH) return notFound(request);
    return immutableFile('text/css; charset=utf-8', STYLESHEET, STYLESHEET_ENCODED);
  },
};

/**
 * The form again, with what was sent and why it was refused. A refused key ("Idempotency-Key
 * already used") is replaced with a fresh one, or the form could never be sent; any other refusal
 * keeps the key, so that sending the corrected form twice still makes one application.
 */
async function rerenderApplicationForm(
  form: URLSearchParams,
  error: ValidationError | ConflictError,
): Promise<Response> {
  const status = error instanceof ConflictError ? 409 : 400;
  const id = form.get('programme');
  const { programme, round } = isProgrammeId(id)
    ? await programmeWithOpenRound(id)
    : { programme: undefined, round: undefined };
  if (!programme || !round) {
    return html(
      status,
      messagePage({
        title: 'Søknaden kan ikke tas imot',
        message: error.errors.map((e) => e.message).join(' '),
      }),
    );
  }
  const keyReused = error.errors.some((e) => e.code === 'idempotency-key-reused');
  const sentKey = form.get(IDEMPOTENCY_FIELD);
  return html(
    status,
    applicationFormPage({
      programme,
      round,
      action: '/applications',
      mode: 'new',
      values: formValuesFrom(form),
      errors: error.errors,
      idempotencyKey: !keyReused && sentKey ? sentKey : randomUUID(),
      ...(form.get(DRAFT_FIELD) && { draftToken: form.get(DRAFT_FIELD) as string }),
    }),
  );
}

/** The form field, and the JSON key, that names the draft an application is sent from. */
const DRAFT_FIELD = 'draft';

/**
 * A JSON body that names a draft: its fields over the draft's. A draft sent already answers with
 * its application, as a repeated Idempotency-Key does.
 */
async function fromDraft(
  value: unknown,
): Promise<{ input: unknown; draft?: { draftId: string; closesAt: string }; sent?: string }> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { input: value };
  const { [DRAFT_FIELD]: token, ...rest } = value as Record<string, unknown>;
  if (token === undefined) return { input: value };
  if (typeof token !== 'string')
    throw new ValidationError([
      { path: DRAFT_FIELD, code: 'invalid-type', message: 'Utkastet oppgis med lenkens nøkkel.' },
    ]);
  const draft = await draftToSend(token);
  if ('statusToken' in draft) return { input: value, sent: draft.statusToken };
  return { input: mergeOverDraft(draft.content, rest), draft };
}

async function draftToSend(token: string) {
  const opened = await openDraft(token);
  if (opened.state === 'sent') return { statusToken: opened.statusToken };
  const { draftId, closesAt, content } = opened.draft;
  return { draftId, closesAt, content };
}

/** Only an approved application has a grant (written just after approval), so others skip the read. */
const GRANT_HOLDING_STATUSES = new Set(['APPROVED', 'ACTIVE', 'COMPLETED', 'ENDED']);

function programmeSummary({ programme, round }: { programme: Programme; round?: Round }) {
  return {
    id: programme.id,
    name: programme.name,
    owner: programme.owner,
    ...(round && { openRound: { name: round.name, closesAt: round.closesAt } }),
  };
}
