// What the route tests share: requests as API Gateway sends them, and the stored items the mocked
// services answer with.

import { validateApplication, type Application } from '../../../shared/domain/application.js';
import type { ApplicationItem } from '../../../shared/store/items.js';
import type { Request } from '../../../shared/web/http.js';
import nord from '../../fixtures/application-alis-nord.json';

/** A day the 2027 rounds are open. */
export const OPEN = new Date('2026-12-01T10:00:00Z');

export function request(
  routeKey: string,
  options: {
    pathParameters?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Request {
  return {
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: '',
    headers: options.headers ?? {},
    ...(options.pathParameters && { pathParameters: options.pathParameters }),
    ...(options.body !== undefined && { body: options.body }),
    isBase64Encoded: false,
    requestContext: {} as Request['requestContext'],
  };
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const JSON_BODY = { 'content-type': 'application/json' };

export function nordApplication(): Application {
  const result = validateApplication(nord);
  if (!result.ok) throw new Error('fixture invalid');
  return result.application;
}

export function storedApplication(): ApplicationItem {
  return {
    pk: 'APP#AN-2026-ABCDEFGH',
    sk: 'APPLICATION',
    applicationId: 'AN-2026-ABCDEFGH',
    programme: 'alis-nord',
    roundId: 'alis-nord-2027',
    municipalityNumber: nord.municipality.municipalityNumber,
    status: 'IN_REVIEW',
    submittedAt: '2026-11-03T09:15:00Z',
    updatedAt: '2026-11-03T09:15:00Z',
    statusSecret: 's3cret',
    application: nordApplication(),
    version: 1,
    reviewRound: 1,
  };
}

/** The hidden idempotency key a rendered form carries. */
export function idempotencyKeyIn(html: string): string | undefined {
  return /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
}
