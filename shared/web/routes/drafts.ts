// Drafts and "find my application": a draft saved from the form (or JSON), opened and saved again
// through its link, which points to the status once the draft is sent; /find, whose answer is the
// same whatever was typed, and which the step behind it answers by e-mail.

import { randomUUID } from 'node:crypto';
import { validateFindRequest } from '../../domain/draft.js';
import { PROGRAMME_IDS, isProgrammeId } from '../../domain/programmes.js';
import { programmeWithOpenRound } from '../../services/programme-settings.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { RouteKey } from '../../http-routes.js';
import { startMunicipalityRequest } from '../../adapters/municipality-requests.js';
import { publicUrls } from '../../public-urls.js';
import { openDraft, saveDraftAgain, saveNewDraft } from '../../services/drafts.js';
import { readBody, type Body } from '../body.js';
import { formToApplicationInput, formValuesFrom } from '../form/convert.js';
import { draftToFormValues } from '../form/draft-values.js';
import { html, json, param, queryOf, redirect, wantsJson, type Route } from '../http.js';
import {
  FIND_ANSWER,
  applicationFormPage,
  draftProgrammePage,
  draftSavedPage,
  findAnsweredPage,
  findPage,
  messagePage,
} from '../pages/index.js';

type DraftRouteKey = Extract<
  RouteKey,
  'POST /drafts' | 'GET /drafts/{token}' | 'POST /drafts/{token}' | 'GET /find' | 'POST /find'
>;

/** The draft's fields from either kind of body; the form's own fields are left out. */
function draftInput(body: Body): unknown {
  if (body.kind === 'json') return body.value;
  return formToApplicationInput(body.form);
}

export const draftRoutes: Record<DraftRouteKey, Route> = {
  'POST /drafts': async (request) => {
    const body = readBody(request);
    try {
      const { token } = await saveNewDraft(draftInput(body));
      return saved(body, token, 201);
    } catch (error) {
      return refusedForm(body, error, undefined);
    }
  },

  'GET /drafts/{token}': async (request) => {
    const token = param(request, 'token');
    const opened = await openDraft(token);
    if (opened.state === 'sent') {
      const statusUrl = publicUrls.status(opened.statusToken);
      return wantsJson(request)
        ? json(200, { status: 'SENT', statusUrl })
        : redirect(`/status/${opened.statusToken}`);
    }
    const { draft } = opened;
    if (wantsJson(request)) {
      return json(200, { status: 'OPEN', closesAt: draft.closesAt, draft: draft.content });
    }
    const chosen = queryOf(request).get('programme');
    const programmeId = draft.programme ?? (isProgrammeId(chosen) ? chosen : undefined);
    const { programme, round } = programmeId
      ? await programmeWithOpenRound(programmeId)
      : { programme: undefined, round: undefined };
    if (!programme || !round) {
      const now = new Date();
      const running = await Promise.all(PROGRAMME_IDS.map((id) => programmeWithOpenRound(id, now)));
      return html(
        200,
        draftProgrammePage({
          choices: running
            .filter((r) => r.round)
            .map(({ programme: p }) => ({
              name: p.name,
              href: `/drafts/${token}?programme=${p.id}`,
            })),
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
        values: { ...draftToFormValues(draft.content), programme: programme.id },
        errors: [],
        idempotencyKey: randomUUID(),
        draftToken: token,
      }),
    );
  },

  'POST /drafts/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    try {
      await saveDraftAgain(token, draftInput(body));
      return saved(body, token, 200);
    } catch (error) {
      return refusedForm(body, error, token);
    }
  },

  'GET /find': async () =>
    html(200, findPage({ values: { organisationNumber: '', email: '' }, errors: [] })),

  'POST /find': async (request) => {
    const body = readBody(request);
    const input =
      body.kind === 'json'
        ? body.value
        : {
            organisationNumber: body.form.get('organisationNumber') ?? undefined,
            email: body.form.get('email') ?? undefined,
          };
    const found = validateFindRequest(input);
    if (!found.ok) {
      if (body.kind === 'json') throw new ValidationError(found.errors);
      return html(
        400,
        findPage({
          values: {
            organisationNumber: body.form.get('organisationNumber') ?? '',
            email: body.form.get('email') ?? '',
          },
          errors: found.errors,
        }),
      );
    }
    // The same work for every pair: only the step looks it up (services/find.ts).
    await startMunicipalityRequest({
      kind: 'find',
      organisationNumber: found.organisationNumber,
      email: found.email,
    });
    return body.kind === 'json'
      ? json(202, { message: FIND_ANSWER })
      : html(200, findAnsweredPage());
  },
};

async function saved(body: Body, token: string, status: 200 | 201) {
  const draftUrl = publicUrls.draft(token);
  if (body.kind === 'json') return json(status, { draftUrl });
  const opened = await openDraft(token);
  const closesAt = opened.state === 'open' ? opened.draft.closesAt : new Date().toISOString();
  return html(status, draftSavedPage({ draftUrl: `/drafts/${token}`, closesAt }));
}

/** A refused form save: the form again with the messages and the values kept. */
async function refusedForm(body: Body, error: unknown, token: string | undefined) {
  if (body.kind === 'json') throw error;
  if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
  const id = body.form.get('programme');
  const { programme, round } = isProgrammeId(id)
    ? await programmeWithOpenRound(id)
    : { programme: undefined, round: undefined };
  const status = error instanceof ConflictError ? 409 : 400;
  if (!programme || !round) {
    return html(
      status,
      messagePage({
        title: 'Utkastet kan ikke lagres',
        message: error.errors.map((e) => e.message).join(' '),
      }),
    );
  }
  return html(
    status,
    applicationFormPage({
      programme,
      round,
      action: '/applications',
      mode: 'new',
      values: formValuesFrom(body.form),
      errors: error.errors,
      idempotencyKey: body.form.get('idempotencyKey') || randomUUID(),
      ...(token && { draftToken: token }),
    }),
  );
}
