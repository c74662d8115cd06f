// HTTP API → the web routes; the route table and the routes are in shared/web.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { withLogging } from '../../shared/adapters/logger.js';
import { route } from '../../shared/web/router.js';

export const handler = withLogging(
  (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => route(event),
);
