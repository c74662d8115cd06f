// Decision letters behind the status link, and the complaint link a letter's e-mail carries: its
// GET shows the decision and a form and changes nothing; its POST files the complaint.

import type { RouteKey } from '../../http-routes.js';
import { ValidationError } from '../../errors.js';
import {
  COMPLAINT_STATUS_LABELS,
  complaintLastDayText,
  letterDocument,
} from '../../presentation/letter.js';
import { fileComplaint, openComplaint } from '../../services/complaints.js';
import { letterOfStatusToken } from '../../services/letters.js';
import { bodyFields, readBody } from '../body.js';
import { html, json, param, wantsJson, type Route } from '../http.js';
import { complaintFiledPage, complaintPage, letterPage } from '../pages/letters.js';

export const letterRoutes: Record<
  Extract<
    RouteKey,
    | 'GET /status/{token}/letters/{letterId}'
    | 'GET /complaints/{token}'
    | 'POST /complaints/{token}'
  >,
  Route
> = {
  'GET /status/{token}/letters/{letterId}': async (request) => {
    const token = param(request, 'token');
    const { letter, complaint } = await letterOfStatusToken(token, param(request, 'letterId'));
    const doc = letterDocument(letter);
    if (wantsJson(request)) return json(200, doc);
    return html(
      200,
      letterPage({
        doc,
        statusUrl: `/status/${token}`,
        ...(complaint && {
          complaint: {
            filedAt: complaint.filedAt,
            status: COMPLAINT_STATUS_LABELS[complaint.status].toLowerCase(),
          },
        }),
      }),
    );
  },

  'GET /complaints/{token}': async (request) => {
    const token = param(request, 'token');
    const { letter } = await openComplaint(token);
    const doc = letterDocument(letter);
    if (wantsJson(request)) {
      return json(200, {
        applicationId: letter.caseNumber,
        letter: doc,
        lastDay: complaintLastDayText(letter),
      });
    }
    return html(200, complaintForm(token, letter, '', []));
  },

  'POST /complaints/{token}': async (request) => {
    const token = param(request, 'token');
    const body = readBody(request);
    if (body.kind === 'json') return json(201, await fileComplaint(token, body.value));
    const fields = bodyFields(body);
    try {
      const filed = await fileComplaint(token, fields);
      return html(200, complaintFiledPage({ caseNumber: filed.applicationId }));
    } catch (error) {
      if (error instanceof ValidationError) {
        const { letter } = await openComplaint(token);
        const text = typeof fields.text === 'string' ? fields.text : '';
        return html(400, complaintForm(token, letter, text, error.errors));
      }
      throw error;
    }
  },
};

function complaintForm(
  token: string,
  letter: Parameters<typeof letterDocument>[0],
  value: string,
  errors: ValidationError['errors'],
): string {
  return complaintPage({
    doc: letterDocument(letter),
    action: `/complaints/${token}`,
    lastDay: complaintLastDayText(letter),
    value,
    errors,
  });
}
