// The environment the handlers see: what the template gives each function, with the AWS endpoints
// pointed at the emulators. Locally all functions share one process, and so one environment.

import { LOCAL_REGION, type LocalTemplate } from './template.js';

/** Lambda's reserved variables and those that mean nothing in a shared local process. */
const NOT_FOR_LOCAL = /^(AWS_|_HANDLER$|LAMBDA_|NODE_OPTIONS$|TZ$)/;

export interface Endpoints {
  dynamodb: string;
  ses: string;
  sfn: string;
  /** The key the handlers sign with; DynamoDB Local keeps a database per key unless shared. */
  accessKeyId: string;
  publicBaseUrl: string;
  stateMachineArn: string;
}

export function handlerEnvironment(
  template: LocalTemplate,
  endpoints: Endpoints,
): Record<string, string> {
  const env: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(template.environment).filter(([k]) => !NOT_FOR_LOCAL.test(k)),
    ),
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: endpoints.accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SFN: endpoints.sfn,
    PUBLIC_BASE_URL: endpoints.publicBaseUrl,
    STATE_MACHINE_ARN: endpoints.stateMachineArn,
  };
  env.TABLE_NAME ??= template.tables[0]?.tableName ?? '';
  env.MAIL_FROM ??= 'ALIS lokalt <no-reply@alis.example.no>';
  env.SES_CONFIGURATION_SET ??= 'local';
  return env;
}

/** Sets the handlers' environment on this process; returns the function that puts it back. */
export function applyEnvironment(env: Record<string, string>): () => void {
  const saved = { ...process.env };
  // A developer's own AWS session must not reach the emulators (or AWS).
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  Object.assign(process.env, env);
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}
