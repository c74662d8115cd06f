// The per-client limit in front of the API: an AWS WAF web ACL for CloudFront. A web ACL of scope
// CLOUDFRONT can only be created in us-east-1, so this construct lives in a small stack of its
// own there, and the distribution (in the API's stack) refers to it across regions.

import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface RateLimitAclProps {
  /** POST requests one client IP may make per five minutes before it is blocked. @default 300 */
  postLimit?: number;
}

/** Rule names, which are also the CloudWatch metric names of the rules. */
export const WAF_RULES = {
  postRate: 'PostRatePerIp',
  common: 'AwsCommonRules',
} as const;

export const DEFAULT_POST_RATE_LIMIT = 300;

export class RateLimitAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  /** The ARN CloudFront takes as its web ACL id. */
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: RateLimitAclProps = {}) {
    super(scope, id);
    const postLimit = props.postLimit ?? DEFAULT_POST_RATE_LIMIT;
    if (!Number.isInteger(postLimit) || postLimit < 10) {
      // WAF's own lower bound for a rate-based rule.
      throw new Error(
        `The WAF POST rate limit must be an integer of at least 10, not ${postLimit}`,
      );
    }

    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'ALIS grants: per-client rate limit on POST, and AWS common protections',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('AlisWebAcl'),
      rules: [
        {
          // Every POST makes the service write, and most make it send e-mail (applications mail
          // the municipality and every reviewer), so POSTs are what a flood would be made of.
          // GETs only read, and stage throttling bounds them in all.
          name: WAF_RULES.postRate,
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: postLimit,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: 'EXACTLY',
                  searchString: 'POST',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility(WAF_RULES.postRate),
        },
        {
          // The free AWS managed baseline (bad bots without a user agent, known exploit
          // patterns). Its 8 KB body-size rule only counts: the web function answers oversized
          // bodies itself with 413, and a long application may pass 8 KB.
          name: WAF_RULES.common,
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility(WAF_RULES.common),
        },
      ],
    });
    this.webAclArn = this.webAcl.attrArn;
  }
}
