// The web handler's routes: one table from route key to route, the routes grouped by who uses
// them. Every error a route throws becomes an answer in `answerError`.

import type { RouteKey } from '../http-routes.js';
import { hasBody, readBody } from './body.js';
import { answerError, notFound } from './error-answers.js';
import { bodyKind, type Request, type Response, type Route } from './http.js';
import { aboutRoutes } from './routes/about.js';
import { financeRoutes } from './routes/finance.js';
import { calculatorRoutes } from './routes/calculator.js';
import { documentRoutes } from './routes/documents.js';
import { draftRoutes } from './routes/drafts.js';
import { letterRoutes } from './routes/letters.js';
import { municipalityRoutes } from './routes/municipality.js';
import { publicRoutes } from './routes/public.js';
import { reviewerRoutes } from './routes/reviewers.js';
import { staffRoutes } from './routes/staff.js';

// Typed as the whole record, so a route key without a route does not compile.
const routes: Record<RouteKey, Route> = {
  ...publicRoutes,
  ...reviewerRoutes,
  ...municipalityRoutes,
  ...financeRoutes,
  ...calculatorRoutes,
  ...aboutRoutes,
  ...draftRoutes,
  ...letterRoutes,
  ...documentRoutes,
  ...staffRoutes,
};

export async function route(request: Request): Promise<Response> {
  // HEAD answers as GET does, without the body (shared/http-routes.ts lists a HEAD for each GET).
  const head = request.routeKey.startsWith('HEAD ');
  const key = head ? `GET ${request.routeKey.slice('HEAD '.length)}` : request.routeKey;
  const handle = Object.hasOwn(routes, key) ? routes[key as RouteKey] : undefined;
  const asGet = head ? { ...request, routeKey: key } : request;
  const answer = handle ? await run(handle, asGet) : notFound(request);
  // A HEAD that an ANY route took (the staff catch-all) is stripped as well.
  const headMethod = head || request.requestContext?.http?.method === 'HEAD';
  return headMethod ? { ...answer, body: '' } : answer;
}

async function run(handle: Route, request: Request): Promise<Response> {
  try {
    // A body in a form the routes read is checked (encoding, charset, repeated fields) even where
    // the route ignores it, so that every path refuses the same bytes alike.
    if (hasBody(request) && bodyKind(request) !== 'unsupported') readBody(request);
    return await handle(request);
  } catch (error) {
    return answerError(request, error);
  }
}
