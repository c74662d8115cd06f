// What the reviewers open from their e-mail: the decision page behind their own link, which only
// reads, and its post, which decides.

import type { FieldError } from '../../domain/application.js';
import { PROGRAMMES } from '../../domain/programmes.js';
import { programmeForApplication } from '../../services/programme-settings.js';
import { ApprovalRefusedError, ValidationError } from '../../errors.js';
import { decide, openDecision } from '../../services/reviews.js';
import type { RouteKey } from '../../http-routes.js';
import { bodyFields, readBody } from '../body.js';
import { html, param, type Route } from '../http.js';
import {
  approvalRefusedPage,
  decisionPage,
  decisionRecordedPage,
  type DecisionValues,
} from '../pages/index.js';

export const reviewerRoutes: Record<
  Extract<RouteKey, 'GET /decisions/{token}' | 'POST /decisions/{token}'>,
  Route
> = {
  'GET /decisions/{token}': async (request) =>
    html(200, await decisionForm(param(request, 'token'), [], {})),

  'POST /decisions/{token}': async (request) => {
    const token = param(request, 'token');
    const fields = bodyFields(readBody(request));
    try {
      // The service validates the yearly amount (parseYearlyAmount) with the rest of the choice.
      const choice = {
        decision: fields.decision,
        comment: fields.comment,
        yearlyAmount: fields.yearlyAmount,
        positionsApproved: fields.positionsApproved,
      };
      const result = await decide(token, choice);
      return html(200, decisionRecordedPage(result));
    } catch (error) {
      if (error instanceof ValidationError) {
        const values: DecisionValues = {
          decision: stringOrUndefined(fields.decision),
          comment: stringOrUndefined(fields.comment),
          yearlyAmount: digitsOrUndefined(fields.yearlyAmount),
          positionsApproved: digitsOrUndefined(fields.positionsApproved),
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
};

async function decisionForm(
  token: string,
  errors: FieldError[],
  values: DecisionValues,
): Promise<string> {
  const { app, link, round } = await openDecision(token);
  // The maximum and the egenandel the form states are those of the application's own round.
  const { programme } = await programmeForApplication(app);
  return decisionPage({
    applicationId: app.applicationId,
    application: app.application,
    programmeName: PROGRAMMES[app.programme].name,
    programme,
    submittedAt: app.submittedAt,
    reviewer: link.holder,
    // A link may outlive its review window only on paper: the window's end is the real deadline.
    expiresAt: earlierInstant(link.expiresAt, round.windowEnd),
    action: `/decisions/${token}`,
    errors,
    values,
  });
}

function earlierInstant(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A JSON number is shown as the digits it was. */
function digitsOrUndefined(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : stringOrUndefined(value);
}
