// The environment a function runs with, checked as a whole the first time the process needs it (its
// first table access, e-mail or link) and then kept for the life of the process. A missing or
// malformed variable fails that first use with a message naming the variables, never falls back to
// a default. The state machines' ARNs are read at each use: only the functions that start
// executions have them.

import * as z from 'zod';

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1),
  PUBLIC_BASE_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
});

export interface Config {
  tableName: string;
  mailFrom: string;
  sesConfigurationSet: string;
  /** Absolute base of every link in pages and e-mails, without a trailing slash. */
  publicBaseUrl: string;
}

function readConfig(): Config {
  const parsed = environmentSchema.safeParse(process.env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Configuration error: check the environment variables ${missing}`);
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    mailFrom: e.MAIL_FROM,
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    publicBaseUrl: e.PUBLIC_BASE_URL,
  };
}

let cached: Config | undefined;

/** The configuration of this process: read and checked at its first use, then kept. */
export function config(): Config {
  cached ??= readConfig();
  return cached;
}

/** The state machine's ARN; only functions that start executions have it. */
export function stateMachineArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.STATE_MACHINE_ARN;
  if (!arn) throw new Error('Configuration error: STATE_MACHINE_ARN is not set');
  return arn;
}

/** The AnnualPayment state machine's ARN; only functions that start its executions have it. */
export function paymentStateMachineArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.PAYMENT_STATE_MACHINE_ARN;
  if (!arn) throw new Error('Configuration error: PAYMENT_STATE_MACHINE_ARN is not set');
  return arn;
}

/** The sign-in requests' state machine's ARN; only the web function, which starts them, has it. */
export function signInStateMachineArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.SIGN_IN_STATE_MACHINE_ARN;
  if (!arn) throw new Error('Configuration error: SIGN_IN_STATE_MACHINE_ARN is not set');
  return arn;
}

/** The municipality requests' state machine's ARN (draft links, /find); the web function starts them. */
export function municipalityRequestsStateMachineArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.MUNICIPALITY_REQUESTS_STATE_MACHINE_ARN;
  if (!arn)
    throw new Error('Configuration error: MUNICIPALITY_REQUESTS_STATE_MACHINE_ARN is not set');
  return arn;
}
