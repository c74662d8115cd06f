// What the municipality opens from its e-mail: after a request for changes, the form prefilled
// behind its amendment link, and its post, which sends the application back to review; before each
// year after the first, the confirmation link and its post, which answers the year's workflow;
// after a submission, the verify link in the receipt, whose post confirms the contact's address.

import { instalmentOf } from '../../domain/grant.js';
import type { FieldError } from '../../domain/application.js';
import { PROGRAMMES, programmeInRound } from '../../domain/programmes.js';
import { loadRound } from '../../services/programme-settings.js';
import { ValidationError } from '../../errors.js';
import { amendApplication, openAmendment } from '../../services/changes.js';
import { confirm, openConfirmationLink } from '../../services/confirmations.js';
import { confirmContact, openVerification } from '../../services/contacts.js';
import type { RouteKey } from '../../http-routes.js';
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
  verifyPage,
} from '../pages/index.js';
import type { ConfirmationValues } from '../pages/confirmation.js';

export const municipalityRoutes: Record<
  Extract<
    RouteKey,
    | 'GET /amend/{token}'
    | 'POST /amend/{token}'
    | 'GET /confirmations/{token}'
    | 'POST /confirmations/{token}'
    | 'GET /verify/{token}'
    | 'POST /verify/{token}'
  >,
  Route
> = {
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
        status: app.status,
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
    return html(200, await confirmationForm(token, [], undefined));
  },

  'POST /confirmations/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') {
      return json(200, await confirm(token, body.value));
    }
    const fields = bodyFields(body);
    try {
      return html(200, confirmationRecordedPage(await confirm(token, fields)));
    } catch (error) {
      if (error instanceof ValidationError) {
        const values: ConfirmationValues = {
          status: body.form.get('status') ?? undefined,
          employmentModel: body.form.get('employmentModel') ?? undefined,
          listSize: body.form.get('listSize') ?? undefined,
          endDate: body.form.get('endDate') ?? undefined,
        };
        return html(400, await confirmationForm(token, error.errors, values));
      }
      throw error;
    }
  },
};

/**
 * The confirmation page; without values (the first GET) the employment model is the one the
 * application named, the likeliest answer.
 */
async function confirmationForm(
  token: string,
  errors: FieldError[],
  values: ConfirmationValues | undefined,
): Promise<string> {
  const { link, grant, instalment } = await openConfirmationLink(token);
  const programme = PROGRAMMES[grant.programme];
  return confirmationPage({
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
    values: values ?? { employmentModel: grant.employmentModel },
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
