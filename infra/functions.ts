// The one table of Lambda functions. The CDK stack and the local stack both read it, so adding a
// function, or changing what it may touch, is one edit here.

import * as path from 'node:path';

export type WorkflowAccess = 'start' | 'resume' | 'describe';
/**
 * The state machines: the review of an application, one year's payment of a grant, and a staff
 * sign-in request (handled after the login page has answered).
 */
export type WorkflowName = 'review' | 'payment' | 'signIn' | 'municipalityRequests';

export interface FunctionSpec {
  /** Handler file, relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  /** Seconds. */
  timeout: number;
  memorySize: number;
  /** What the function may do; the stack turns this into IAM grants and environment. */
  access: {
    table: 'read' | 'readWrite';
    sendMail: boolean;
    /** Per state machine: may start its executions, may answer its waiting tasks. */
    workflows: Partial<Record<WorkflowName, readonly WorkflowAccess[]>>;
  };
}

export const FUNCTIONS = {
  web: {
    entry: 'functions/web/handler.ts',
    description: 'HTTP API: public pages, applications, decision and amendment links, staff pages',
    timeout: 15,
    memorySize: 1024,
    // No route sends mail itself: a staff sign-in request is handed to its own step (staffSignIn),
    // so the login page answers alike for every address. Every e-mail is sent by a step or the
    // daily run.
    access: {
      table: 'readWrite',
      sendMail: false,
      workflows: {
        review: ['start', 'resume'],
        payment: ['resume'],
        signIn: ['start'],
        municipalityRequests: ['start'],
      },
    },
  },
  staffSignIn: {
    entry: 'functions/staff-sign-in/handler.ts',
    description: 'Sign-in request step: e-mails a staff address its sign-in link (one a minute)',
    timeout: 30,
    memorySize: 512,
    // The one function an anonymous request (POST /staff/login) reaches that may send mail. The
    // staff are data, so no IAM condition can list them: the bound is this step's check of the
    // address against the staff register before it mails (shared/services/staff-auth.ts), with
    // the web function that starts it holding no SES permission at all.
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  municipalityRequests: {
    entry: 'functions/municipality-requests/handler.ts',
    description:
      "Municipality request step: e-mails a saved draft's link, or what /find found to the registered contact",
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  notifyMunicipality: {
    entry: 'functions/notify-municipality/handler.ts',
    description:
      'Workflow step: e-mails the municipality (receipt, approval, rejection, withdrawal)',
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  awaitContact: {
    entry: 'functions/await-contact/handler.ts',
    description:
      'Workflow step: waits for the contact to confirm the address, before the review is asked for',
    timeout: 30,
    memorySize: 512,
    // Answers its own task when the address confirmed before: no other workflow access needed,
    // since a task token is its own permission.
    access: { table: 'readWrite', sendMail: false, workflows: {} },
  },
  requestReview: {
    entry: 'functions/request-review/handler.ts',
    description: 'Workflow step: opens a review round and e-mails each reviewer a decision link',
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  requestChanges: {
    entry: 'functions/request-changes/handler.ts',
    description: 'Workflow step: asks the municipality for changes and e-mails an amendment link',
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  dailyRun: {
    entry: 'functions/daily-run/handler.ts',
    description:
      'Daily at 06:00 Oslo time: reminders, escalations, withdrawals, workflows not yet started or resumed',
    timeout: 300,
    memorySize: 512,
    access: {
      table: 'readWrite',
      sendMail: true,
      // describe: "already started" is not "running", and a stopped workflow is resumed.
      workflows: {
        review: ['start', 'resume', 'describe'],
        payment: ['start', 'resume', 'describe'],
      },
    },
  },
  createGrant: {
    entry: 'functions/create-grant/handler.ts',
    description: 'Review step after approval: writes the grant and its yearly plan, once',
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: false, workflows: {} },
  },
  requestConfirmation: {
    entry: 'functions/request-confirmation/handler.ts',
    description:
      'Payment step: asks the municipality to confirm the ALIS is still in the position, by link',
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  awaitPayment: {
    entry: 'functions/await-payment/handler.ts',
    description: "Payment step: the year's instalment is ready and waits for finance's payment",
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  endGrant: {
    entry: 'functions/end-grant/handler.ts',
    description:
      'Payment step: ends the grant, cancels later instalments, tells finance, lead and municipality',
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  notifyPaid: {
    entry: 'functions/notify-paid/handler.ts',
    description: 'Payment step: tells the municipality the year is paid; completes the last year',
    timeout: 30,
    memorySize: 512,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  mailEvents: {
    entry: 'functions/mail-events/handler.ts',
    description:
      'SES bounces and complaints (EventBridge): marks the address undeliverable, tells the lead',
    timeout: 30,
    memorySize: 256,
    access: { table: 'readWrite', sendMail: true, workflows: {} },
  },
  recordStop: {
    entry: 'functions/record-stop/handler.ts',
    description:
      'Step of both workflows after a task spent its retries: records the stop for the daily run to resume',
    timeout: 30,
    memorySize: 256,
    access: { table: 'readWrite', sendMail: false, workflows: {} },
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

export const PROJECT_ROOT = path.join(__dirname, '..');

export function entryPath(name: FunctionName): string {
  return path.join(PROJECT_ROOT, FUNCTIONS[name].entry);
}

/**
 * The environment every function reads through shared/config.ts. The stack fills these from its
 * resources; the local stack from its emulators.
 */
export const ENVIRONMENT_KEYS = {
  tableName: 'TABLE_NAME',
  mailFrom: 'MAIL_FROM',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  stateMachineArn: 'STATE_MACHINE_ARN',
  paymentStateMachineArn: 'PAYMENT_STATE_MACHINE_ARN',
  signInStateMachineArn: 'SIGN_IN_STATE_MACHINE_ARN',
  municipalityRequestsStateMachineArn: 'MUNICIPALITY_REQUESTS_STATE_MACHINE_ARN',
} as const;

/**
 * CloudFormation metadata key that names a Lambda's row in FUNCTIONS, so the local stack can find
 * which handler a synthesized state-machine task calls.
 */
export const FUNCTION_METADATA_KEY = 'alis:function';
