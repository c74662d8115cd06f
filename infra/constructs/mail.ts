// Outgoing e-mail through SES: one sending domain and one configuration set that every message
// is sent with, so bounces and complaints land on the account's suppression list instead of
// being retried against addresses that hurt the domain's reputation.

import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  /** The domain the mail is sent from; its DKIM records must be published in its DNS. */
  domain: string;
  /** The From header, an address in `domain`. @default ALIS-tilskudd <no-reply@domain> */
  from?: string;
}

export class Mail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly identity: ses.EmailIdentity;
  /** The From header of every e-mail. */
  readonly from: string;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Bounce and complaint rates of this configuration set's mail, beside the account's.
      reputationMetrics: true,
    });

    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });

    this.from = props.from ?? `ALIS-tilskudd <no-reply@${props.domain}>`;
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /**
   * Lets the grantee send from this identity with this configuration set, and nothing else: SES
   * authorizes a send against both ARNs, so naming them keeps the grant from covering other
   * identities in the account.
   */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      // SES v2 SendEmail (simple content, attachments included) is authorized as ses:SendEmail alone.
      actions: ['ses:SendEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    });
  }
}
