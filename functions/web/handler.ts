// HTTP API → the web routes. Everything it does is in shared/web/routes.ts.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { withLogging } from '../../shared/adapters/logger.js';
import { route } from '../../shared/web/routes.js';

export const handler = withLogging(
  (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => route(event),
);
