// What finance opens from a payment notification: the notification's instalments behind its link,
// which only reads, and its post, which records the payment.

import type { FieldError } from '../../domain/application.js';
import { PROGRAMMES } from '../../domain/programmes.js';
import { isCalendarDate, osloDateOf } from '../../domain/calendar.js';
import { ValidationError } from '../../errors.js';
import type { RouteKey } from '../../http-routes.js';
import { openPaymentLink, recordPayment } from '../../services/payments.js';
import { bodyFields, readBody } from '../body.js';
import { html, json, param, type Route } from '../http.js';
import { paymentPage, paymentRecordedPage } from '../pages/index.js';

export const financeRoutes: Record<
  Extract<RouteKey, 'GET /payments/{token}' | 'POST /payments/{token}'>,
  Route
> = {
  'GET /payments/{token}': async (request) =>
    html(200, await paymentForm(param(request, 'token'), [], {})),

  'POST /payments/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') {
      await refuseEdges(token, bodyFields(body));
      const result = await recordPayment(token, body.value);
      return json(200, {
        notificationId: result.notificationId,
        paid: result.paid.map(({ id, applicationId, year, net, paidOn }) => ({
          id,
          applicationId,
          year,
          net,
          paidOn,
        })),
      });
    }
    // `instalment` repeats, one per ticked box; none ticked means all (the service's default).
    const values = {
      paidOn: body.form.get('paidOn') ?? undefined,
      instalment: body.form.getAll('instalment'),
    };
    try {
      await refuseEdges(token, bodyFields(body));
      return html(200, paymentRecordedPage(await recordPayment(token, values)));
    } catch (error) {
      if (error instanceof ValidationError) {
        return html(400, await paymentForm(token, error.errors, values));
      }
      throw error;
    }
  },
};

async function paymentForm(
  token: string,
  errors: FieldError[],
  values: { paidOn?: string; instalment?: string[] },
): Promise<string> {
  const { notification, lines } = await openPaymentLink(token);
  return paymentPage({
    notificationId: notification.notificationId,
    programmeName: PROGRAMMES[notification.programme].name,
    lines,
    action: `/payments/${token}`,
    errors,
    values,
  });
}

// ---- the request's edges (issue 26), kept apart from the payment itself ----

/**
 * Refuses what the payment record would read as something else: an empty or null `instalment`
 * list (only a missing field means "all"), and a `paidOn` before the notification was sent.
 */
async function refuseEdges(token: string, fields: Record<string, unknown>): Promise<void> {
  const errors: FieldError[] = [];
  if (Object.hasOwn(fields, 'instalment')) {
    const chosen = [fields.instalment].flat();
    if (fields.instalment === null || chosen.length === 0 || chosen.every((c) => c === '')) {
      errors.push({
        path: 'instalment',
        code: 'empty',
        message: 'Velg minst én utbetaling, eller send uten valg for å registrere alle.',
      });
    }
  }
  const paidOn = typeof fields.paidOn === 'string' ? fields.paidOn.trim() : undefined;
  if (paidOn && isCalendarDate(paidOn)) {
    const { notification } = await openPaymentLink(token);
    const sentOn = osloDateOf(new Date(notification.sentAt ?? notification.createdAt));
    if (paidOn < sentOn) {
      errors.push({
        path: 'paidOn',
        code: 'before-notification',
        message: `Utbetalingsdatoen kan ikke være før varselet ble sendt (${sentOn}).`,
      });
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
}
