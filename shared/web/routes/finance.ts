// What finance opens from a payment notification: the notification's instalments behind its link,
// which only reads, and its post, which records the payment.

import type { FieldError } from '../../domain/application.js';
import { PROGRAMMES } from '../../domain/programmes.js';
import { ValidationError } from '../../errors.js';
import type { RouteKey } from '../../http-routes.js';
import { openPaymentLink, recordPayment } from '../../services/payments.js';
import { readBody } from '../body.js';
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
    // `instalment` repeats, one per ticked box; none ticked means all (the field left out).
    const ticked = body.form.getAll('instalment');
    const values = {
      paidOn: body.form.get('paidOn') ?? undefined,
      instalment: ticked.length > 0 ? ticked : undefined,
    };
    try {
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
