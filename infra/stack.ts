// The whole system in one stack, composed of small constructs that each own one concern. The
// order below matters only for references: the state machine needs its step functions, the web
// function needs the state machine, and every function needs the API's address.

import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Edge, OriginVerify } from './constructs/edge.js';
import { Mail } from './constructs/mail.js';
import { MailEvents } from './constructs/mail-events.js';
import { ProjectFunction } from './constructs/project-function.js';
import { Schedule } from './constructs/schedule.js';
import { PaymentWorkflow } from './constructs/payment-workflow.js';
import { SignInRequests } from './constructs/sign-in-requests.js';
import { RateLimitAcl } from './constructs/waf.js';
import { Workflow } from './constructs/workflow.js';
import { ENVIRONMENT_KEYS, FUNCTIONS, type FunctionName } from './functions.js';

export const DEFAULT_MAIL_DOMAIN = 'alis.example.no';

export interface AlisStackProps extends StackProps {
  /** Domain the e-mail is sent from. @default context `mailDomain`, else alis.example.no */
  mailDomain?: string;
  /** Base of every link in pages and e-mails. @default context `publicBaseUrl`, else the API's endpoint */
  publicBaseUrl?: string;
  /** Who gets the operations alarms by e-mail. @default context `alarmEmail`, else nobody (subscribe to the topic) */
  alarmEmail?: string;
  /**
   * Requests per second, steady state, the API's stage lets through in all: a global ceiling,
   * not a per-client limit. @default context `apiRateLimit`, else 50
   */
  apiRateLimit?: number;
  /** Requests the stage lets through at once. @default context `apiBurstLimit`, else 100 */
  apiBurstLimit?: number;
  /** CloudFront and its web ACL in front of the API (the `waf` option); see EdgeOptions. */
  edge?: EdgeOptions;
}

export interface EdgeOptions {
  /** The public name, served by CloudFront; also the API's custom domain name. */
  domainName: string;
  /** ACM certificate for domainName in us-east-1 (CloudFront's region for certificates). */
  certificateArn: string;
  /** ACM certificate for domainName in this stack's region, for the API's custom domain. */
  apiCertificateArn: string;
  /** The CLOUDFRONT-scope web ACL, from AlisWafStack in us-east-1. */
  webAclArn: string;
}

/** Functions the state machines invoke; they must not depend on a state machine themselves. */
const WORKFLOW_STEPS = [
  'notifyMunicipality',
  'awaitContact',
  'requestReview',
  'requestChanges',
  'createGrant',
  'requestConfirmation',
  'awaitPayment',
  'endGrant',
  'notifyPaid',
  'recordStop',
  'staffSignIn',
] as const satisfies readonly FunctionName[];

export class AlisStack extends Stack {
  readonly data: Data;
  readonly mail: Mail;
  readonly functions: Record<FunctionName, ProjectFunction>;
  readonly workflow: Workflow;
  readonly paymentWorkflow: PaymentWorkflow;
  readonly signInRequests: SignInRequests;
  readonly api: Api;
  readonly schedule: Schedule;
  readonly alarms: Alarms;
  readonly mailEvents: MailEvents;
  /** Present with the `waf` option. */
  readonly edge?: Edge;
  readonly originVerify?: OriginVerify;

  constructor(scope: Construct, id: string, props: AlisStackProps = {}) {
    super(scope, id, props);

    const mailDomain = props.mailDomain ?? contextString(this, 'mailDomain') ?? DEFAULT_MAIL_DOMAIN;
    if (mailDomain === DEFAULT_MAIL_DOMAIN) {
      // Fine for synth, tests and the local stack; a deployment could never verify this domain,
      // and SES would refuse every e-mail (the receipt step first).
      Annotations.of(this).addWarningV2(
        'alis:example-mail-domain',
        `E-mail is sent from the example domain ${DEFAULT_MAIL_DOMAIN}; deploy with -c mailDomain=<your domain>.`,
      );
    }

    this.data = new Data(this, 'Data');
    this.mail = new Mail(this, 'Mail', { domain: mailDomain });

    const sharedEnvironment = {
      [ENVIRONMENT_KEYS.tableName]: this.data.table.tableName,
      [ENVIRONMENT_KEYS.mailFrom]: this.mail.from,
      [ENVIRONMENT_KEYS.sesConfigurationSet]: this.mail.configurationSet.configurationSetName,
    };

    const functions = {} as Record<FunctionName, ProjectFunction>;
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const fn = new ProjectFunction(this, `${pascalCase(name)}Function`, {
        name,
        environment: sharedEnvironment,
      });
      fn.bindTable(this.data.table);
      fn.bindMail(this.mail);
      functions[name] = fn;
    }
    this.functions = functions;

    for (const step of WORKFLOW_STEPS) {
      if (Object.keys(FUNCTIONS[step].access.workflows).length > 0) {
        throw new Error(
          `${step} is a step of the workflow and cannot have workflow access: the state machine would ` +
            `depend on the function and the function's policy on the state machine (a dependency cycle)`,
        );
      }
    }
    this.workflow = new Workflow(this, 'ApplicationReview', {
      notifyMunicipality: functions.notifyMunicipality.function,
      awaitContact: functions.awaitContact.function,
      requestReview: functions.requestReview.function,
      requestChanges: functions.requestChanges.function,
      createGrant: functions.createGrant.function,
      recordStop: functions.recordStop.function,
    });
    this.paymentWorkflow = new PaymentWorkflow(this, 'AnnualPayment', {
      requestConfirmation: functions.requestConfirmation.function,
      endGrant: functions.endGrant.function,
      awaitPayment: functions.awaitPayment.function,
      notifyPaid: functions.notifyPaid.function,
      recordStop: functions.recordStop.function,
    });
    // Made after the others: the local stack takes the template's first state machine for the review.
    this.signInRequests = new SignInRequests(this, 'SignInRequests', {
      staffSignIn: functions.staffSignIn.function,
    });
    for (const fn of Object.values(functions)) {
      fn.bindWorkflow('review', this.workflow.stateMachine);
      fn.bindWorkflow('payment', this.paymentWorkflow.stateMachine);
      fn.bindWorkflow('signIn', this.signInRequests.stateMachine);
    }

    if (props.edge) this.originVerify = new OriginVerify(this, 'OriginVerify');
    this.api = new Api(this, 'Api', {
      handler: functions.web.function,
      rateLimit: props.apiRateLimit ?? contextNumber(this, 'apiRateLimit'),
      burstLimit: props.apiBurstLimit ?? contextNumber(this, 'apiBurstLimit'),
      frontOnly: this.originVerify && { authorizer: this.originVerify.authorizer },
    });
    if (props.edge && this.originVerify) {
      this.edge = new Edge(this, 'Edge', {
        ...props.edge,
        api: this.api,
        originVerify: this.originVerify,
      });
    }

    const publicBaseUrl =
      props.publicBaseUrl ??
      contextString(this, 'publicBaseUrl') ??
      // With the front, the execute-api endpoint is off: links must use the public name.
      (props.edge ? `https://${props.edge.domainName}` : this.api.httpApi.apiEndpoint);
    for (const fn of Object.values(functions))
      fn.addEnvironment(ENVIRONMENT_KEYS.publicBaseUrl, publicBaseUrl);

    this.schedule = new Schedule(this, 'Schedule', { target: functions.dailyRun.function });

    this.alarms = new Alarms(this, 'Alarms', {
      recordStop: functions.recordStop,
      deadLetterQueue: this.schedule.deadLetterQueue,
      email: props.alarmEmail ?? contextString(this, 'alarmEmail'),
    });

    this.mailEvents = new MailEvents(this, 'MailEvents', {
      configurationSet: this.mail.configurationSet,
      handler: functions.mailEvents.function,
      alarmTopic: this.alarms.topic,
    });

    if (this.api.endpoint) new CfnOutput(this, 'ApiEndpoint', { value: this.api.endpoint });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PaymentStateMachineArn', {
      value: this.paymentWorkflow.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'DailyRunDeadLetterQueueUrl', {
      value: this.schedule.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    // SES sends from the domain only once these DKIM records are published in its DNS.
    const identity = this.mail.identity;
    new CfnOutput(this, 'DkimRecord1', {
      value: `${identity.dkimDnsTokenName1} CNAME ${identity.dkimDnsTokenValue1}`,
    });
    new CfnOutput(this, 'DkimRecord2', {
      value: `${identity.dkimDnsTokenName2} CNAME ${identity.dkimDnsTokenValue2}`,
    });
    new CfnOutput(this, 'DkimRecord3', {
      value: `${identity.dkimDnsTokenName3} CNAME ${identity.dkimDnsTokenValue3}`,
    });
  }
}

export interface AlisWafStackProps extends StackProps {
  /** POST requests per client IP per five minutes. @default 300 */
  postRateLimit?: number;
}

/**
 * The web ACL for CloudFront. Such a web ACL exists only in us-east-1, hence a stack of its own
 * there; AlisStack reads its ARN through a cross-region reference.
 */
export class AlisWafStack extends Stack {
  readonly acl: RateLimitAcl;

  constructor(scope: Construct, id: string, props: AlisWafStackProps = {}) {
    super(scope, id, props);
    this.acl = new RateLimitAcl(this, 'RateLimit', { postLimit: props.postRateLimit });
  }
}

export function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context ${key} must be a string`);
  return value;
}

export function contextNumber(scope: Construct, key: string): number | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  // `-c key=50` arrives as the string "50"; cdk.json and in-process callers may give a number.
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`Context ${key} must be a positive number, not ${String(value)}`);
  }
  return number;
}

function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
