// The whole system in one stack, composed of small constructs that each own one concern. The
// order below matters only for references: the state machine needs its step functions, the web
// function needs the state machine, and every function needs the API's address.

import {
  Annotations,
  CfnOutput,
  CfnRule,
  Duration,
  Fn,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LOCAL_STAGE, type StageConfig } from './config.js';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { Dashboard } from './constructs/dashboard.js';
import { Data } from './constructs/data.js';
import { Edge, OriginVerify } from './constructs/edge.js';
import { Mail } from './constructs/mail.js';
import { MailEvents } from './constructs/mail-events.js';
import { ProjectFunction } from './constructs/project-function.js';
import { Schedule } from './constructs/schedule.js';
import { PaymentWorkflow } from './constructs/payment-workflow.js';
import { MunicipalityRequests, SignInRequests } from './constructs/sign-in-requests.js';
import { RateLimitAcl } from './constructs/waf.js';
import { Workflow } from './constructs/workflow.js';
import { ENVIRONMENT_KEYS, FUNCTIONS, type FunctionName } from './functions.js';
import { businessNamespace, METRICS_SERVICE } from '../shared/metric-names.js';
import { PROGRAMME_IDS } from '../shared/domain/programmes.js';

/** The account of the configuration files' placeholders (config/staging.json, production.json). */
export const PLACEHOLDER_ACCOUNT = '111111111111';

export interface AlisStackProps extends StackProps {
  /** The stage's configuration (config/<stage>.json). */
  config: StageConfig;
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
  'municipalityRequests',
] as const satisfies readonly FunctionName[];

export class AlisStack extends Stack {
  readonly config: StageConfig;
  readonly data: Data;
  readonly mail: Mail;
  readonly functions: Record<FunctionName, ProjectFunction>;
  readonly workflow: Workflow;
  readonly paymentWorkflow: PaymentWorkflow;
  readonly signInRequests: SignInRequests;
  readonly municipalityRequests: MunicipalityRequests;
  readonly api: Api;
  readonly schedule: Schedule;
  readonly alarms: Alarms;
  readonly dashboard: Dashboard;
  readonly mailEvents: MailEvents;
  /** Present with the `waf` option. */
  readonly edge?: Edge;
  readonly originVerify?: OriginVerify;

  constructor(scope: Construct, id: string, props: AlisStackProps) {
    super(scope, id, props);
    const config = props.config;
    this.config = config;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    if (config.stage === LOCAL_STAGE) {
      // The local stage's template is what `npm start` runs; a deployment of it (a `cdk deploy`
      // without -c stage) is refused by CloudFormation before anything is created.
      new CfnRule(this, 'LocalStageIsNotDeployed', {
        assertions: [
          {
            assert: Fn.conditionEquals(LOCAL_STAGE, 'deployed'),
            assertDescription:
              'The local stage runs on this machine only (npm start). Deploy a stage with its file: npx cdk deploy -c stage=<name> (config/<name>.json).',
          },
        ],
      });
    } else {
      const placeholders = placeholderValues(config);
      if (placeholders.length > 0) {
        // Synth and tests are fine with them; a deployment would mail from a domain it cannot
        // verify and alarm nobody.
        Annotations.of(this).addWarningV2(
          'alis:placeholder-config',
          `config/${config.stage}.json still holds example values: ${placeholders.join(', ')}. Replace them before deploying (docs/operations.md).`,
        );
      }
    }

    this.data = new Data(this, 'Data', {
      stage: config.stage,
      retentionYears: config.backup.retentionYears,
    });
    this.mail = new Mail(this, 'Mail', { domain: config.mail.domain, from: config.mail.sender });

    const sharedEnvironment = {
      [ENVIRONMENT_KEYS.tableName]: this.data.table.tableName,
      [ENVIRONMENT_KEYS.mailFrom]: this.mail.from,
      [ENVIRONMENT_KEYS.sesConfigurationSet]: this.mail.configurationSet.configurationSetName,
      // Powertools Metrics reads its namespace here: each stage's figures apart (the dashboard).
      POWERTOOLS_METRICS_NAMESPACE: businessNamespace(config.stage),
    };

    const functions = {} as Record<FunctionName, ProjectFunction>;
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const fn = new ProjectFunction(this, `${pascalCase(name)}Function`, {
        name,
        environment: sharedEnvironment,
        logRetention,
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
      logRetention,
    });
    this.paymentWorkflow = new PaymentWorkflow(this, 'AnnualPayment', {
      requestConfirmation: functions.requestConfirmation.function,
      endGrant: functions.endGrant.function,
      awaitPayment: functions.awaitPayment.function,
      notifyPaid: functions.notifyPaid.function,
      recordStop: functions.recordStop.function,
      logRetention,
    });
    // Made after the others: the local stack takes the template's first state machine for the review.
    this.signInRequests = new SignInRequests(this, 'SignInRequests', {
      staffSignIn: functions.staffSignIn.function,
      logRetention,
    });
    this.municipalityRequests = new MunicipalityRequests(this, 'MunicipalityRequests', {
      step: functions.municipalityRequests.function,
    });
    for (const fn of Object.values(functions)) {
      fn.bindWorkflow('municipalityRequests', this.municipalityRequests.stateMachine);
      fn.bindWorkflow('review', this.workflow.stateMachine);
      fn.bindWorkflow('payment', this.paymentWorkflow.stateMachine);
      fn.bindWorkflow('signIn', this.signInRequests.stateMachine);
    }

    if (props.edge) this.originVerify = new OriginVerify(this, 'OriginVerify', { logRetention });
    this.api = new Api(this, 'Api', {
      handler: functions.web.function,
      rateLimit: config.api.rateLimit,
      burstLimit: config.api.burstLimit,
      logRetention,
      frontOnly: this.originVerify && { authorizer: this.originVerify.authorizer },
    });
    if (props.edge && this.originVerify) {
      this.edge = new Edge(this, 'Edge', {
        ...props.edge,
        api: this.api,
        originVerify: this.originVerify,
        logRetention: Duration.days(config.logRetentionDays),
      });
    }

    const publicBaseUrl =
      config.publicBaseUrl ??
      // With the front, the execute-api endpoint is off: links must use the public name.
      (props.edge ? `https://${props.edge.domainName}` : this.api.httpApi.apiEndpoint);
    for (const fn of Object.values(functions))
      fn.addEnvironment(ENVIRONMENT_KEYS.publicBaseUrl, publicBaseUrl);

    this.schedule = new Schedule(this, 'Schedule', { target: functions.dailyRun.function });

    // Only the daily run is invoked asynchronously (Schedule gives it its dead-letter queue).
    for (const step of WORKFLOW_STEPS) {
      Validations.of(functions[step].function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'A workflow step: Step Functions invokes it synchronously, retries it and catches what the retries leave (the stop path), so no event is ever lost with the invocation.',
      });
    }
    Validations.of(functions.web.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'API Gateway invokes the web function synchronously: the client gets the answer, and an idempotency key makes its retry safe; there is no asynchronous event to keep.',
    });

    this.alarms = new Alarms(this, 'Alarms', {
      stage: config.stage,
      email: config.alarmEmail ?? undefined,
    });
    this.alarms.addOperationsAlarms({
      recordStop: functions.recordStop,
      deadLetterQueue: this.schedule.deadLetterQueue,
    });
    const retried = new Set<FunctionName>(WORKFLOW_STEPS);
    for (const fn of Object.values(functions)) {
      this.alarms.addFunctionAlarms(fn.name, fn.function, { retried: retried.has(fn.name) });
    }
    if (this.originVerify) {
      this.alarms.addFunctionAlarms('originVerify', this.originVerify.function, { retried: false });
    }
    this.alarms.addApiAlarms(this.api.httpApi);
    this.alarms.addTableAlarms(this.data.table);
    this.alarms.addStateMachineAlarms('review', this.workflow.stateMachine);
    this.alarms.addStateMachineAlarms('payment', this.paymentWorkflow.stateMachine);
    this.alarms.addStateMachineAlarms('signIn', this.signInRequests.stateMachine);

    this.mailEvents = new MailEvents(this, 'MailEvents', {
      configurationSet: this.mail.configurationSet,
      handler: functions.mailEvents.function,
      alarms: this.alarms,
    });

    const business = (metricName: string, statistic: string) =>
      PROGRAMME_IDS.map(
        (programme) =>
          new cloudwatch.Metric({
            namespace: businessNamespace(config.stage),
            metricName,
            dimensionsMap: { service: METRICS_SERVICE, programme },
            statistic,
            period: Duration.days(1),
            label: `${metricName} ${programme}`,
          }),
      );
    this.dashboard = new Dashboard(this, 'Dashboard', {
      name: `AlisGrants-${config.stage}`,
      alarms: this.alarms,
      sections: [
        {
          title: 'Søknader og vedtak (arbeidsflyter)',
          metrics: [
            this.workflow.stateMachine.metricStarted(),
            this.workflow.stateMachine.metricSucceeded(),
            this.paymentWorkflow.stateMachine.metricStarted(),
            this.paymentWorkflow.stateMachine.metricSucceeded(),
          ],
        },
        {
          title: 'Søknader, kroner varslet og utbetalt (per døgn)',
          metrics: [
            ...business('ApplicationsSubmitted', cloudwatch.Stats.SUM),
            ...business('FinanceNotifications', cloudwatch.Stats.SUM),
            ...business('KronerNotified', cloudwatch.Stats.SUM),
            ...business('KronerPaid', cloudwatch.Stats.SUM),
          ],
        },
        {
          title: 'Nettsidene (API)',
          metrics: [
            this.api.httpApi.metricCount(),
            this.api.httpApi.metricClientError(),
            this.api.httpApi.metricServerError(),
          ],
        },
        {
          title: 'Funksjonene',
          metrics: [
            ...Object.values(functions).map((fn) =>
              fn.function.metricErrors({ label: `${fn.name} feil` }),
            ),
          ],
        },
        {
          title: 'Tabellen',
          metrics: [
            this.data.table.metricConsumedReadCapacityUnits(),
            this.data.table.metricConsumedWriteCapacityUnits(),
          ],
        },
      ],
    });

    if (this.api.endpoint) new CfnOutput(this, 'ApiEndpoint', { value: this.api.endpoint });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'PaymentStateMachineArn', {
      value: this.paymentWorkflow.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'DailyRunFunctionName', {
      value: functions.dailyRun.function.functionName,
    });
    new CfnOutput(this, 'DailyRunDeadLetterQueueUrl', {
      value: this.schedule.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName });
    new CfnOutput(this, 'BackupVaultName', { value: this.data.backupVault.backupVaultName });
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

/** The values of a deployable stage's file that are still the examples it was shipped with. */
export function placeholderValues(config: StageConfig): string[] {
  const example = (value: string | null | undefined) =>
    value != null && /(^|[.@<])example\.(no|com|org)\b/.test(value);
  const found: string[] = [];
  if (config.account === PLACEHOLDER_ACCOUNT) found.push('account');
  if (example(config.owner)) found.push('owner');
  if (example(config.domain?.name)) found.push('domain.name');
  if (config.domain?.certificateArn.includes(PLACEHOLDER_ACCOUNT))
    found.push('domain.certificateArn');
  if (config.domain?.apiCertificateArn?.includes(PLACEHOLDER_ACCOUNT))
    found.push('domain.apiCertificateArn');
  if (example(config.publicBaseUrl)) found.push('publicBaseUrl');
  if (example(config.mail.domain)) found.push('mail.domain');
  if (example(config.mail.sender)) found.push('mail.sender');
  if (example(config.alarmEmail)) found.push('alarmEmail');
  return found;
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

function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
