// The web handler's routes: one table from route key to route, the routes grouped by who uses
// them. Every error a route throws becomes an answer in `answerError`.

import type { RouteKey } from '../http-routes.js';
import { answerError, notFound } from './error-answers.js';
import type { Request, Response, Route } from './http.js';
import { financeRoutes } from './routes/finance.js';
import { calculatorRoutes } from './routes/calculator.js';
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
  ...staffRoutes,
};

export async function route(request: Request): Promise<Response> {
  const key = request.routeKey;
  const handle = Object.hasOwn(routes, key) ? routes[key as RouteKey] : undefined;
  if (!handle) return notFound(request);
  try {
    return await handle(request);
  } catch (error) {
    return answerError(request, error);
  }
}
