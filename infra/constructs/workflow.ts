// The review of one application as a Standard state machine, from receipt to decision; an
// approval writes the grant and its yearly plan (as data) before the municipality is told.
//
// Long waits (reminders, escalation) are not modelled here: a waiting review has no timeout and
// the daily run, which follows the local clock too, takes care of it.

import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Notice } from '../../shared/store/notices.js';
import {
  catchToStop,
  idempotentStep,
  standardStateMachine,
  stopPath,
  waitForAnswer,
} from './workflow-tasks.js';

/** State names: what a reader sees in the console and what the local stack keys its overrides by. */
export const STATE_NAMES = {
  sendReceipt: 'Send receipt',
  awaitContact: 'Await contact',
  contactConfirmed: 'Contact confirmed?',
  notConfirmed: 'Not confirmed',
  unknownContactOutcome: 'Unknown contact outcome',
  requestReview: 'Request review',
  decision: 'Decision?',
  createGrant: 'Create grant',
  notifyApproval: 'Notify approval',
  approved: 'Approved',
  notifyRejection: 'Notify rejection',
  rejected: 'Rejected',
  requestChanges: 'Request changes',
  amended: 'Amended?',
  notifyWithdrawal: 'Notify withdrawal',
  notifyReviewersOfWithdrawal: 'Notify reviewers of withdrawal',
  withdrawn: 'Withdrawn',
  unknownDecision: 'Unknown decision',
  unknownChangeOutcome: 'Unknown change outcome',
} as const;

export interface WorkflowProps {
  notifyMunicipality: lambda.IFunction;
  /** Waits for the contact to confirm the address (answers at once for one confirmed before). */
  awaitContact: lambda.IFunction;
  requestReview: lambda.IFunction;
  requestChanges: lambda.IFunction;
  createGrant: lambda.IFunction;
  /** Records a stop for the daily run (the path every task's Catch leads to, but the notify steps'). */
  recordStop: lambda.IFunction;
  /** @default three months */
  logRetention?: logs.RetentionDays;
}

export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);

    const applicationId = sfn.JsonPath.stringAt('$.applicationId');
    // The waiting and writing steps: their retries spent, the stop is recorded and the daily run
    // resumes the review.
    const stop = stopPath(this, props.recordStop, { applicationId });
    // A notice is recorded (pending, with a timer) before it is sent, so a notify step that gives up
    // after its retries (an e-mail outage) does not end the review: the workflow goes on, and the
    // daily run sends the notice once SES answers again.
    const notify = (stateName: string, notice: Notice, then: sfn.State) => {
      const step = idempotentStep(this, stateName, props.notifyMunicipality, {
        applicationId,
        notice,
      });
      step.addCatch(then, { errors: ['States.ALL'], resultPath: sfn.JsonPath.DISCARD });
      step.next(then);
      return step;
    };

    // Every withdrawal ends here: the municipality's receipt of it, then the reviewers' news of it,
    // which goes only when the withdrawal recorded it as due (the municipality withdrew through its
    // status link after reviewers had links; services/withdrawal.ts), and is passed by otherwise.
    const withdraw = notify(
      STATE_NAMES.notifyWithdrawal,
      'withdrawn',
      notify(
        STATE_NAMES.notifyReviewersOfWithdrawal,
        'withdrawn-reviewers',
        new sfn.Succeed(this, STATE_NAMES.withdrawn),
      ),
    );

    // Answered by SendTaskSuccess with {"decision": "approve" | "reject" | "request-changes" |
    // "withdrawn", "comment": ...}; "withdrawn" when the municipality withdrew the application.
    const requestReview = catchToStop(
      waitForAnswer(
        this,
        STATE_NAMES.requestReview,
        props.requestReview,
        { applicationId },
        '$.review',
      ),
      stop,
    );
    // Answered by SendTaskSuccess with {"outcome": "confirmed" | "expired" | "withdrawn"}: the verify
    // link's POST, the daily run at the deadline (the application is then WITHDRAWN, and nobody is
    // mailed), or the municipality withdrawing it through its status link (it gets a receipt).
    const awaitContact = catchToStop(
      waitForAnswer(
        this,
        STATE_NAMES.awaitContact,
        props.awaitContact,
        { applicationId },
        '$.contact',
      ),
      stop,
    );
    awaitContact.next(
      new sfn.Choice(this, STATE_NAMES.contactConfirmed)
        .when(sfn.Condition.stringEquals('$.contact.outcome', 'confirmed'), requestReview)
        .when(
          sfn.Condition.stringEquals('$.contact.outcome', 'expired'),
          new sfn.Succeed(this, STATE_NAMES.notConfirmed),
        )
        .when(sfn.Condition.stringEquals('$.contact.outcome', 'withdrawn'), withdraw)
        .otherwise(
          new sfn.Fail(this, STATE_NAMES.unknownContactOutcome, {
            error: 'UnknownContactOutcome',
            cause: 'The contact verification answered with an outcome the workflow does not know',
          }),
        ),
    );
    const sendReceipt = notify(STATE_NAMES.sendReceipt, 'received', awaitContact);
    // Answered by SendTaskSuccess with {"outcome": "amended" | "withdrawn"}: withdrawn by the daily
    // run (unanswered past the deadline) or by the municipality.
    const requestChanges = catchToStop(
      waitForAnswer(
        this,
        STATE_NAMES.requestChanges,
        props.requestChanges,
        { applicationId, comment: sfn.JsonPath.stringAt('$.review.comment') },
        '$.changes',
      ),
      stop,
    );

    // The grant is written once, keyed by the application, from the decision the review recorded.
    const approve = catchToStop(
      idempotentStep(this, STATE_NAMES.createGrant, props.createGrant, { applicationId }),
      stop,
    ).next(
      notify(STATE_NAMES.notifyApproval, 'approved', new sfn.Succeed(this, STATE_NAMES.approved)),
    );
    const reject = notify(
      STATE_NAMES.notifyRejection,
      'rejected',
      new sfn.Succeed(this, STATE_NAMES.rejected),
    );
    const decision = new sfn.Choice(this, STATE_NAMES.decision)
      .when(sfn.Condition.stringEquals('$.review.decision', 'approve'), approve)
      .when(sfn.Condition.stringEquals('$.review.decision', 'reject'), reject)
      .when(sfn.Condition.stringEquals('$.review.decision', 'request-changes'), requestChanges)
      .when(sfn.Condition.stringEquals('$.review.decision', 'withdrawn'), withdraw)
      .otherwise(
        new sfn.Fail(this, STATE_NAMES.unknownDecision, {
          error: 'UnknownDecision',
          cause: 'The review answered with a decision the workflow does not know',
        }),
      );

    const amended = new sfn.Choice(this, STATE_NAMES.amended)
      .when(sfn.Condition.stringEquals('$.changes.outcome', 'amended'), requestReview)
      .when(sfn.Condition.stringEquals('$.changes.outcome', 'withdrawn'), withdraw)
      .otherwise(
        new sfn.Fail(this, STATE_NAMES.unknownChangeOutcome, {
          error: 'UnknownChangeOutcome',
          cause: 'The change request answered with an outcome the workflow does not know',
        }),
      );

    requestChanges.next(amended);
    requestReview.next(decision);
    const definition = sendReceipt;

    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = standardStateMachine(this, {
      comment: 'Review of one ALIS grant application, from receipt to decision',
      definition,
      steps: [
        props.notifyMunicipality,
        props.awaitContact,
        props.requestReview,
        props.requestChanges,
        props.createGrant,
        props.recordStop,
      ],
      logRetention: props.logRetention,
    }));
  }
}
