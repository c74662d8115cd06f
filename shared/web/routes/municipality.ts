// What the municipality opens from its e-mail: after a request for changes, the form prefilled
// behind its amendment link, and its post, which sends the application back to review; before each
// year after the first, the confirmation link and its post, which answers the year's workflow;
// after a submission, the verify link in the receipt, whose post confirms the contact's address;
// before a decision, the withdrawal from the status page.

import { instalmentOf } from '../../domain/grant.js';
import type { FieldError } from '../../domain/application.js';
import { PROGRAMMES, programmeInRound } from '../../domain/programmes.js';
import { loadRound } from '../../services/programme-settings.js';
import { ValidationError } from '../../errors.js';
import { amendApplication, openAmendment } from '../../services/changes.js';
import {
  confirm,
  confirmationQuestion,
  openConfirmationLink,
} from '../../services/confirmations.js';
import { openPositionLink, reportStart } from '../../services/positions.js';
import { confirmContact, openVerification } from '../../services/contacts.js';
import { readStatus } from '../../services/status.js';
import { withdrawApplication } from '../../services/withdrawal.js';
import { declinablePositions, declineGrant } from '../../services/decline.js';
import { readGrant } from '../../services/grants.js';
import { statusGrantOf } from '../grant-view.js';
import type { RouteKey } from '../../http-routes.js';
import { statusShown } from '../../domain/review.js';
import { bodyFields, readBody } from '../body.js';
import {
  applicationToFormValues,
  formToApplicationInput,
  formValuesFrom,
  type FormValues,
} from '../form/convert.js';
import { html, json, param, wantsJson, type Route } from '../http.js';
import {
  amendmentReceivedPage,
  applicationFormPage,
  confirmationPage,
  confirmationRecordedPage,
  contactConfirmedPage,
  positionStartPage,
  positionStartedPage,
  statusPage,
  verifyPage,
  withdrawnPage,
  declinedPage,
} from '../pages/index.js';
import type { PositionStartValues } from '../pages/position-start.js';
import type { ConfirmationValues } from '../pages/confirmation.js';

export const municipalityRoutes: Record<
  Extract<
    RouteKey,
    | 'GET /amend/{token}'
    | 'POST /amend/{token}'
    | 'GET /confirmations/{token}'
    | 'POST /confirmations/{token}'
    | 'GET /positions/{token}'
    | 'POST /positions/{token}'
    | 'GET /verify/{token}'
    | 'POST /verify/{token}'
    | 'POST /status/{token}/withdraw'
    | 'POST /status/{token}/decline'
  >,
  Route
> = {
  // The status link's token (its secret) is the path's; the confirmation is the body's `confirm`:
  // JSON `true`, or the form's ticked box.
  'POST /status/{token}/withdraw': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') return json(200, await withdrawApplication(token, body.value));
    const ticked = body.form.get('confirm');
    const input = { confirm: ticked === null ? undefined : ticked === 'ja' || ticked };
    try {
      const result = await withdrawApplication(token, input);
      return html(200, withdrawnPage({ ...result, statusUrl: `/status/${token}` }));
    } catch (error) {
      if (error instanceof ValidationError) return html(400, await withdrawFormPage(token, error));
      throw error;
    }
  },

  // After approval, before payments: the status link's secret as for the withdrawal; the body
  // confirms, and names a position or (without one) the whole grant.
  'POST /status/{token}/decline': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') return json(200, await declineGrant(token, body.value));
    const ticked = body.form.get('confirm');
    const position = body.form.get('position');
    const input = {
      confirm: ticked === null ? undefined : ticked === 'ja' || ticked,
      ...(position !== null && position !== 'alle' && { position }),
    };
    try {
      const result = await declineGrant(token, input);
      return html(
        200,
        declinedPage({
          applicationId: result.applicationId,
          statusUrl: `/status/${token}`,
          declined: result.declined,
          grantEnded: result.grant.status !== 'ACTIVE',
        }),
      );
    } catch (error) {
      if (error instanceof ValidationError) return html(400, await declineFormPage(token, error));
      throw error;
    }
  },

  'GET /amend/{token}': async (request) => {
    const token = param(request, 'token');
    const { app, request: changeRequest } = await openAmendment(token);
    return html(
      200,
      await amendForm(
        token,
        app.roundId,
        applicationToFormValues(app.application),
        [],
        changeRequest.comment,
      ),
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
          await amendForm(
            token,
            app.roundId,
            formValuesFrom(body.form),
            error.errors,
            changeRequest.comment,
          ),
        );
      }
      throw error;
    }
  },

  'GET /verify/{token}': async (request) => {
    const token = param(request, 'token');
    const { app, verification } = await openVerification(token);
    if (wantsJson(request)) {
      return json(200, {
        applicationId: app.applicationId,
        status: statusShown(app),
        confirmBy: verification.deadline,
      });
    }
    return html(
      200,
      verifyPage({
        applicationId: app.applicationId,
        programmeName: PROGRAMMES[app.programme].name,
        municipalityName: app.application.municipality.name,
        deadline: verification.deadline,
        action: `/verify/${token}`,
      }),
    );
  },

  'POST /verify/{token}': async (request) => {
    const result = await confirmContact(param(request, 'token'));
    if (wantsJson(request) || readBody(request).kind === 'json') return json(200, result);
    return html(200, contactConfirmedPage(result));
  },

  'GET /confirmations/{token}': async (request) => {
    const token = param(request, 'token');
    if (wantsJson(request)) {
      return json(200, confirmationQuestion(await openConfirmationLink(token)));
    }
    return html(200, await confirmationForm(token, [], undefined));
  },

  'GET /positions/{token}': async (request) => {
    const token = param(request, 'token');
    const context = await openPositionLink(token);
    if (wantsJson(request)) {
      return json(200, {
        applicationId: context.grant.applicationId,
        position: context.position.position,
        years: context.position.years,
        decidedOn: context.decidedOn,
        lastDay: context.lastDay,
      });
    }
    return html(200, await positionStartForm(token, [], {}));
  },

  'POST /positions/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') return json(200, await reportStart(token, body.value));
    const fields = bodyFields(body);
    try {
      return html(200, positionStartedPage(await reportStart(token, fields)));
    } catch (error) {
      if (error instanceof ValidationError) {
        const values: PositionStartValues = {
          startDate: body.form.get('startDate') ?? undefined,
          employmentModel: body.form.get('employmentModel') ?? undefined,
          listSize: body.form.get('listSize') ?? undefined,
        };
        return html(400, await positionStartForm(token, error.errors, values));
      }
      throw error;
    }
  },

  'POST /confirmations/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') {
      return json(200, await confirm(token, body.value));
    }
    const answers = positionAnswers(body.form);
    const fields = answers.length > 0 ? { positions: answers } : bodyFields(body);
    try {
      return html(200, confirmationRecordedPage(await confirm(token, fields)));
    } catch (error) {
      if (error instanceof ValidationError) {
        const values = answerValues(body.form, '');
        return html(
          400,
          await confirmationForm(
            token,
            error.errors,
            values,
            answers.map((_, i) => answerValues(body.form, `positions.${i}.`)),
          ),
        );
      }
      throw error;
    }
  },
};

/** Where the status page's withdrawal form posts, with the errors of a failed post. */
export function withdrawForm(token: string, errors: FieldError[] = []) {
  return { action: `/status/${token}/withdraw`, errors };
}

/** The status page again, with the withdrawal's errors beside its box (only before a decision). */
async function withdrawFormPage(token: string, error: ValidationError): Promise<string> {
  const { app, history, contactDeadline } = await readStatus(token);
  return statusPage({
    applicationId: app.applicationId,
    programmeName: PROGRAMMES[app.programme].name,
    municipalityName: app.application.municipality.name,
    status: statusShown(app),
    history: history.map((e) => ({
      at: e.at,
      type: e.type,
      by: e.by,
      ...(e.comment && { comment: e.comment }),
    })),
    ...(contactDeadline && { contactDeadline }),
    withdraw: withdrawForm(token, error.errors),
    documentsUrl: `/status/${token}/documents`,
  });
}

/** Where the status page's decline form posts, and which positions it offers. */
export function declineForm(
  token: string,
  written: Parameters<typeof statusGrantOf>[0],
  errors: FieldError[] = [],
) {
  if (!written) return undefined;
  const positions = declinablePositions(written.positions, written.instalments);
  return positions.length > 0
    ? { action: `/status/${token}/decline`, positions, errors }
    : undefined;
}

/** The status page again, with the decline's errors beside its fields. */
async function declineFormPage(token: string, error: ValidationError): Promise<string> {
  const { app, history } = await readStatus(token);
  const written = await readGrant(app.applicationId);
  const grant = statusGrantOf(written);
  const decline = declineForm(token, written, error.errors);
  return statusPage({
    applicationId: app.applicationId,
    programmeName: PROGRAMMES[app.programme].name,
    municipalityName: app.application.municipality.name,
    status: app.status,
    history: history.map((e) => ({
      at: e.at,
      type: e.type,
      by: e.by,
      ...(e.comment && { comment: e.comment }),
    })),
    ...(grant && { grant }),
    ...(decline && { decline }),
  });
}

/**
 * The confirmation page; without values (the first GET) the employment model is the one the
 * application named, the likeliest answer.
 */
async function confirmationForm(
  token: string,
  errors: FieldError[],
  values: ConfirmationValues | undefined,
  answers?: ConfirmationValues[],
): Promise<string> {
  const { link, grant, instalment, asked } = await openConfirmationLink(token);
  const programme = PROGRAMMES[grant.programme];
  const likeliest = { employmentModel: grant.employmentModel };
  return confirmationPage({
    ...(asked.length > 1 && {
      asked: asked.map((a) => instalmentOf(a.instalment)),
      answers: answers ?? asked.map(() => likeliest),
    }),
    applicationId: grant.applicationId,
    programmeName: programme.name,
    municipalityName: grant.municipality.name,
    positions: grant.positions,
    startDate: grant.startDate,
    employmentModels: programme.employmentModels,
    instalment: instalmentOf(instalment),
    expiresAt: link.expiresAt,
    action: `/confirmations/${token}`,
    errors,
    values: values ?? likeliest,
  });
}

/**
 * The per-position answers of a form that asks about several positions (`positions.<i>.position`
 * and the fields beside it, from 0 on), as the JSON list; none for the single-position form.
 */
function positionAnswers(form: URLSearchParams): Record<string, unknown>[] {
  const answers: Record<string, unknown>[] = [];
  for (let i = 0; form.has(`positions.${i}.position`); i++) {
    const position = Number(form.get(`positions.${i}.position`));
    answers.push({
      position: Number.isInteger(position) ? position : form.get(`positions.${i}.position`),
      ...Object.fromEntries(
        ['status', 'employmentModel', 'listSize', 'endDate'].flatMap((name) => {
          const value = form.get(`positions.${i}.${name}`);
          return value === null ? [] : [[name, value]];
        }),
      ),
    });
  }
  return answers;
}

function answerValues(form: URLSearchParams, prefix: string): ConfirmationValues {
  return {
    status: form.get(`${prefix}status`) ?? undefined,
    employmentModel: form.get(`${prefix}employmentModel`) ?? undefined,
    listSize: form.get(`${prefix}listSize`) ?? undefined,
    endDate: form.get(`${prefix}endDate`) ?? undefined,
  };
}

async function positionStartForm(
  token: string,
  errors: FieldError[],
  values: PositionStartValues,
): Promise<string> {
  const { grant, position, decidedOn, lastDay } = await openPositionLink(token);
  const programme = PROGRAMMES[grant.programme];
  return positionStartPage({
    applicationId: grant.applicationId,
    programmeName: programme.name,
    municipalityName: grant.municipality.name,
    position: position.position,
    years: position.years,
    decidedOn,
    lastDay,
    employmentModels: programme.employmentModels,
    action: `/positions/${token}`,
    errors,
    values,
  });
}

async function amendForm(
  token: string,
  roundId: string,
  values: FormValues,
  errors: FieldError[],
  comment: string,
): Promise<string> {
  // An amendment belongs to the round the application was submitted in, open or not, and its terms.
  const found = await loadRound(roundId);
  if (!found) throw new Error(`Application of an unknown round ${roundId}`);
  return applicationFormPage({
    programme: programmeInRound(found.programme, found.round),
    round: found.round,
    action: `/amend/${token}`,
    mode: 'amend',
    values,
    errors,
    changeRequestComment: comment,
  });
}
