// HTTP API → the web routes. Everything it does is in shared/web/routes.ts.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { route } from '../../shared/web/routes.js';

export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  return route(event);
}
