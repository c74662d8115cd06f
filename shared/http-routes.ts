// The HTTP routes, as API Gateway route keys. The CDK API and the web handler's router both read
// this list, so a route exists in both places or in neither. It sits outside shared/web so that
// the infrastructure can read it without importing the web code.

export const ROUTE_KEYS = [
  'GET /',
  'GET /apply/{programme}',
  'POST /applications',
  'GET /receipt/{token}',
  'GET /status/{token}',
  'POST /status/{token}/withdraw',
  'POST /status/{token}/decline',
  'GET /status/{token}/letters/{letterId}',
  'GET /complaints/{token}',
  'POST /complaints/{token}',
  'GET /status/{token}/documents',
  'GET /status/{token}/documents/{documentId}',
  'GET /decisions/{token}',
  'POST /decisions/{token}',
  'GET /amend/{token}',
  'POST /amend/{token}',
  'GET /confirmations/{token}',
  'POST /confirmations/{token}',
  'GET /positions/{token}',
  'POST /positions/{token}',
  'GET /verify/{token}',
  'POST /verify/{token}',
  'GET /payments/{token}',
  'POST /payments/{token}',
  'POST /drafts',
  'GET /drafts/{token}',
  'POST /drafts/{token}',
  'GET /find',
  'POST /find',
  'GET /assets/{file}',
  'GET /calculator',
  'GET /personvern',
  'GET /tilgjengelighet',
  'GET /staff/login',
  'POST /staff/login',
  'GET /staff/signin/{token}',
  'POST /staff/signin/{token}',
  'POST /staff/logout',
  'GET /staff',
  'GET /staff/applications',
  'GET /staff/applications/{id}',
  'POST /staff/applications/{id}/actions',
  'GET /staff/applications/{id}/documents/{documentId}',
  'GET /staff/applications/{id}/archive',
  'GET /staff/evaluation',
  'GET /staff/exports/{programme}/{file}',
  'GET /staff/admin',
  'POST /staff/admin/{programme}/staff',
  'POST /staff/admin/{programme}/staff/remove',
  'POST /staff/admin/{programme}/rounds',
  'POST /staff/admin/{programme}/rounds/{roundId}',
  // Any other staff path: refused without a session like the rest, then unknown.
  'ANY /staff/{proxy+}',
] as const;

export type RouteKey = (typeof ROUTE_KEYS)[number];

/**
 * HEAD for every GET route, answered as the GET without its body. API Gateway matches a `GET`
 * route for GET only, so the API lists these too (an `ANY` route would also take POST, PUT and
 * DELETE to pages that have none, and bill them to the function).
 */
export const HEAD_ROUTE_KEYS = ROUTE_KEYS.filter((key) => key.startsWith('GET ')).map(
  (key) => `HEAD ${key.slice('GET '.length)}` as const,
);

/** Every route key the API serves. */
export const API_ROUTE_KEYS: readonly string[] = [...ROUTE_KEYS, ...HEAD_ROUTE_KEYS];
