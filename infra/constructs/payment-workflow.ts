// One position-year's payment of a grant as a Standard state machine (AnnualPayment). The daily
// run starts one execution per position and year, named by them, 30 days before the year's due date, so each
// execution lives weeks, well inside Standard's one-year limit; the five-year plan itself is data.
//
// Years after the first begin by asking the municipality to confirm that the ALIS is still in the
// position. Then the instalment is ready and waits for finance: the daily run puts it in the
// programme's finance notification, and finance records the payment through a link. A ready year
// the lead's end of the position cancels before finance was told of it ends at "Cancelled".

import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  catchToStop,
  idempotentStep,
  standardStateMachine,
  stopPath,
  waitForAnswer,
} from './workflow-tasks.js';

/** State names: what a reader sees in the console and what the local stack keys its overrides by. */
export const PAYMENT_STATE_NAMES = {
  confirmationNeeded: 'Confirmation needed?',
  requestConfirmation: 'Request confirmation',
  stillInPosition: 'Still in position?',
  endGrant: 'End grant',
  ended: 'Ended',
  awaitPayment: 'Await payment',
  paidOrCancelled: 'Paid or cancelled?',
  notifyPaid: 'Notify paid',
  paid: 'Paid',
  cancelled: 'Cancelled',
  unknownConfirmation: 'Unknown confirmation',
} as const;

export interface PaymentWorkflowProps {
  requestConfirmation: lambda.IFunction;
  endGrant: lambda.IFunction;
  awaitPayment: lambda.IFunction;
  notifyPaid: lambda.IFunction;
  /** Records a stop for the daily run: the path every task's Catch leads to. */
  recordStop: lambda.IFunction;
  /** @default three months */
  logRetention?: logs.RetentionDays;
}

export class PaymentWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PaymentWorkflowProps) {
    super(scope, id);

    const reference = {
      applicationId: sfn.JsonPath.stringAt('$.applicationId'),
      position: sfn.JsonPath.numberAt('$.position'),
      year: sfn.JsonPath.numberAt('$.year'),
    };
    // Every step, its retries spent: the stop is recorded and the daily run resumes the year.
    const stop = stopPath(this, props.recordStop, reference);

    // Answered by SendTaskSuccess with {"paidOn": "YYYY-MM-DD"} once finance records the payment,
    // or {"cancelled": true} when the lead ends the position before finance was told of the year.
    const notifyPaid = catchToStop(
      idempotentStep(this, PAYMENT_STATE_NAMES.notifyPaid, props.notifyPaid, reference),
      stop,
    ).next(new sfn.Succeed(this, PAYMENT_STATE_NAMES.paid));
    const awaitPayment = catchToStop(
      waitForAnswer(
        this,
        PAYMENT_STATE_NAMES.awaitPayment,
        props.awaitPayment,
        reference,
        '$.payment',
      ),
      stop,
    ).next(
      new sfn.Choice(this, PAYMENT_STATE_NAMES.paidOrCancelled)
        .when(
          sfn.Condition.isPresent('$.payment.cancelled'),
          new sfn.Succeed(this, PAYMENT_STATE_NAMES.cancelled),
        )
        .otherwise(notifyPaid),
    );

    // The end date and reason are data the confirmation (or its absence) recorded.
    const endGrant = catchToStop(
      idempotentStep(this, PAYMENT_STATE_NAMES.endGrant, props.endGrant, reference),
      stop,
    ).next(new sfn.Succeed(this, PAYMENT_STATE_NAMES.ended));

    // Answered by SendTaskSuccess with {"outcome": "continuing" | "ended" | "unconfirmed"}.
    const requestConfirmation = catchToStop(
      waitForAnswer(
        this,
        PAYMENT_STATE_NAMES.requestConfirmation,
        props.requestConfirmation,
        reference,
        '$.confirmation',
      ),
      stop,
    ).next(
      new sfn.Choice(this, PAYMENT_STATE_NAMES.stillInPosition)
        .when(sfn.Condition.stringEquals('$.confirmation.outcome', 'continuing'), awaitPayment)
        .when(sfn.Condition.stringEquals('$.confirmation.outcome', 'ended'), endGrant)
        .when(sfn.Condition.stringEquals('$.confirmation.outcome', 'unconfirmed'), endGrant)
        .otherwise(
          new sfn.Fail(this, PAYMENT_STATE_NAMES.unknownConfirmation, {
            error: 'UnknownConfirmation',
            cause: 'The confirmation answered with an outcome the workflow does not know',
          }),
        ),
    );

    const definition = new sfn.Choice(this, PAYMENT_STATE_NAMES.confirmationNeeded)
      .when(sfn.Condition.numberGreaterThan('$.year', 1), requestConfirmation)
      .otherwise(awaitPayment);

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = standardStateMachine(this, {
      comment: "One year's payment of an ALIS grant: confirmation, then finance's payment",
      definition,
      steps: [
        props.requestConfirmation,
        props.endGrant,
        props.awaitPayment,
        props.notifyPaid,
        props.recordStop,
      ],
      logRetention: props.logRetention,
    }));
  }
}
