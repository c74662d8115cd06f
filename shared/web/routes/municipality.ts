// What the municipality opens after a request for changes: the form prefilled behind its amendment
// link, and its post, which sends the application back to review.

import type { FieldError } from '../../domain/application.js';
import { findRound } from '../../domain/programmes.js';
import { ValidationError } from '../../errors.js';
import { amendApplication, openAmendment } from '../../services/changes.js';
import type { ApplicationItem } from '../../store/items.js';
import type { RouteKey } from '../../http-routes.js';
import { readBody } from '../body.js';
import {
  applicationToFormValues,
  formToApplicationInput,
  formValuesFrom,
  type FormValues,
} from '../form/convert.js';
import { html, json, param, type Route } from '../http.js';
import { amendmentReceivedPage, applicationFormPage } from '../pages/index.js';

export const municipalityRoutes: Record<
  Extract<RouteKey, 'GET /amend/{token}' | 'POST /amend/{token}'>,
  Route
> = {
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
};

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
