// The public HTTP API. Every route goes to the one web function; listing the routes (rather than
// a catch-all) keeps unknown paths from ever reaching, or being billed to, the function.

import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTE_KEYS } from '../../shared/http-routes.js';

export interface Route {
  method: apigw.HttpMethod;
  path: string;
}

/**
 * The routes this API serves: the web router's own list (shared/http-routes.ts), so both agree,
 * with HEAD beside each GET.
 */
export const ROUTES: readonly Route[] = API_ROUTE_KEYS.map((key) => {
  const [method, path] = key.split(' ') as [keyof typeof apigw.HttpMethod, string];
  return { method: apigw.HttpMethod[method], path };
});

/**
 * Access log line. It names the route template (`$context.routeKey`), never the requested path:
 * status, decision and amendment paths carry secret tokens, and a log reader must not be able to
 * act on someone's behalf.
 */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
} as const;

export interface ApiProps {
  handler: lambda.IFunction;
  /** Requests per second, steady state, for the whole stage. @default 50 */
  rateLimit?: number;
  /** @default 100 */
  burstLimit?: number;
  /** @default three months */
  logRetention?: logs.RetentionDays;
  /**
   * Serve only on a custom domain name, not on the default execute-api endpoint; with an
   * authorizer on every route, so that a front (CloudFront and its WAF) cannot be bypassed.
   */
  frontOnly?: { authorizer: apigw.IHttpRouteAuthorizer };
}

export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /**
   * https://{id}.execute-api.{region}.amazonaws.com, without a trailing slash; none when the API
   * serves only its custom domain (frontOnly).
   */
  readonly endpoint: string | undefined;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'ALIS grants: public pages, applications and e-mailed decision links',
      // The default stage is made below, because HttpApi cannot give its own one logging or throttling.
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.frontOnly ? true : undefined,
      defaultAuthorizer: props.frontOnly?.authorizer,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });

    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });

    // One integration and one API-wide invoke permission instead of one per route.
    const integration = new HttpLambdaIntegration('Web', props.handler, {
      scopePermissionToRoute: false,
    });
    for (const route of ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration });
    }

    this.endpoint = props.frontOnly ? undefined : this.httpApi.apiEndpoint;

    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Public by design: municipalities apply without an account, and decision, status and amendment links are authorized by the random 256-bit token in the path (stored only as its SHA-256 hash), checked by the web function.',
    });
  }
}
