// HTTP API → the web routes; the route table and the routes are in shared/web.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { withLogging } from '../../shared/adapters/logger.js';
import { encodeAnswer } from '../../shared/web/http.js';
import { route } from '../../shared/web/router.js';

// Compressed here, on the way out, because API Gateway's HTTP API does not compress.
export const handler = withLogging(
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    encodeAnswer(event, await route(event)),
);
