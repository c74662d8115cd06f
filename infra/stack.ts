// The whole system in one stack, composed of small constructs that each own one concern. The
// order below matters only for references: the state machine needs its step functions, the web
// function needs the state machine, and every function needs the API's address.

import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Mail } from './constructs/mail.js';
import { ProjectFunction } from './constructs/project-function.js';
import { Schedule } from './constructs/schedule.js';
import { PaymentWorkflow } from './constructs/payment-workflow.js';
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
}

/** Functions the state machines invoke; they must not depend on a state machine themselves. */
const WORKFLOW_STEPS = [
  'notifyMunicipality',
  'requestReview',
  'requestChanges',
  'createGrant',
  'requestConfirmation',
  'awaitPayment',
  'endGrant',
  'notifyPaid',
] as const satisfies readonly FunctionName[];

export class AlisStack extends Stack {
  readonly data: Data;
  readonly mail: Mail;
  readonly functions: Record<FunctionName, ProjectFunction>;
  readonly workflow: Workflow;
  readonly paymentWorkflow: PaymentWorkflow;
  readonly api: Api;
  readonly schedule: Schedule;
  readonly alarms: Alarms;

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
      requestReview: functions.requestReview.function,
      requestChanges: functions.requestChanges.function,
      createGrant: functions.createGrant.function,
    });
    this.paymentWorkflow = new PaymentWorkflow(this, 'AnnualPayment', {
      requestConfirmation: functions.requestConfirmation.function,
      endGrant: functions.endGrant.function,
      awaitPayment: functions.awaitPayment.function,
      notifyPaid: functions.notifyPaid.function,
    });
    for (const fn of Object.values(functions)) {
      fn.bindWorkflow('review', this.workflow.stateMachine);
      fn.bindWorkflow('payment', this.paymentWorkflow.stateMachine);
    }

    this.api = new Api(this, 'Api', { handler: functions.web.function });

    const publicBaseUrl =
      props.publicBaseUrl ?? contextString(this, 'publicBaseUrl') ?? this.api.endpoint;
    for (const fn of Object.values(functions))
      fn.addEnvironment(ENVIRONMENT_KEYS.publicBaseUrl, publicBaseUrl);

    this.schedule = new Schedule(this, 'Schedule', { target: functions.dailyRun.function });

    this.alarms = new Alarms(this, 'Alarms', {
      stateMachines: [this.workflow.stateMachine, this.paymentWorkflow.stateMachine],
      deadLetterQueue: this.schedule.deadLetterQueue,
      email: props.alarmEmail ?? contextString(this, 'alarmEmail'),
    });

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.endpoint });
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

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context ${key} must be a string`);
  return value;
}

function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
