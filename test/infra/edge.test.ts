// The `waf` option: CloudFront with a WAF web ACL (in us-east-1) in front of an API that answers
// only through it; and without the option, none of it.

import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadStageConfig } from '../../infra/config.js';
import { ORIGIN_VERIFY_HEADER } from '../../infra/constructs/edge.js';
import { RateLimitAcl, WAF_RULES } from '../../infra/constructs/waf.js';
import type { AlisStack } from '../../infra/stack.js';
import { wafStackName } from '../../infra/synth.js';
import { mainStack, wafStacks } from './synthesized.js';

const PRODUCTION = loadStageConfig('production');
const CERTIFICATE = PRODUCTION.domain!.certificateArn;
const API_CERTIFICATE = PRODUCTION.domain!.apiCertificateArn;
const WAF_STACK_NAME = wafStackName('production');

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
}

describe('with waf (the production stage)', () => {
  let app: App;
  let stack: AlisStack;
  let main: Template;
  let waf: Template;

  beforeAll(() => {
    ({ app, stack, template: main, wafTemplate: waf } = wafStacks());
    // Synthesis takes seconds, and far more on a busy machine than a hook's default 10 s.
  }, 120_000);

  test('the web ACL is a CloudFront one, in its own us-east-1 stack', () => {
    expect((app.node.findChild(WAF_STACK_NAME) as Stack).region).toBe('us-east-1');
    waf.resourceCountIs('AWS::WAFv2::WebACL', 1);
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
    main.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('blocks a client IP after 300 POSTs in five minutes', () => {
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: WAF_RULES.postRate,
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: 300,
              EvaluationWindowSec: 300,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({
                  FieldToMatch: { Method: {} },
                  PositionalConstraint: 'EXACTLY',
                  SearchString: 'POST',
                }),
              },
            }),
          },
        }),
      ]),
    });
  });

  test('applies the AWS common rules, counting rather than blocking bodies over 8 KB', () => {
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: WAF_RULES.common,
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            }),
          },
        }),
      ]),
    });
  });

  test('the distribution serves the domain with TLS 1.2+, logs, the web ACL and no caching', () => {
    main.resourceCountIs('AWS::CloudFront::Distribution', 1);
    main.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['tilskudd.example.no'],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
        // The web ACL's ARN, read across regions from the us-east-1 stack (a strong reference:
        // @aws-cdk/core:defaultCrossStackReferences is pinned, docs/operations.md).
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ExportsReader'), Match.anyValue()] },
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: Match.arrayWith(['GET', 'POST']),
          // The managed policies CachingDisabled and AllViewer (Host included).
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          OriginRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3',
        }),
        Origins: [
          Match.objectLike({
            DomainName: {
              'Fn::GetAtt': [logicalId(stack, stack.edge!.domain), 'RegionalDomainName'],
            },
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
            OriginCustomHeaders: [
              Match.objectLike({ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: Match.anyValue() }),
            ],
          }),
        ],
      }),
    });
  });

  test('the API answers only on its custom domain, and only requests carrying the CloudFront header', () => {
    main.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    main.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'tilskudd.example.no',
      DomainNameConfigurations: [
        Match.objectLike({
          CertificateArn: API_CERTIFICATE,
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        }),
      ],
    });
    main.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: logicalId(stack, stack.api.httpApi) },
      DomainName: { Ref: logicalId(stack, stack.edge!.domain) },
      Stage: '$default',
    });
    main.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      IdentitySource: [`$request.header.${ORIGIN_VERIFY_HEADER}`],
    });
    const routes = Object.values(main.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route.Properties, route.Properties.RouteKey).toMatchObject({
        AuthorizationType: 'CUSTOM',
      });
    }
  });

  test('links in pages and e-mails use the public name, and the stage keeps its throttling', () => {
    const web = main.toJSON().Resources[logicalId(stack, stack.functions.web.function)];
    expect(web.Properties.Environment.Variables.PUBLIC_BASE_URL).toBe(
      'https://tilskudd.example.no',
    );
    main.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: PRODUCTION.api.rateLimit,
        ThrottlingBurstLimit: PRODUCTION.api.burstLimit,
      }),
    });
  });

  test("the stage's wafPostRateLimit is the per-IP POST limit; the construct takes another", () => {
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: WAF_RULES.postRate,
          Statement: {
            RateBasedStatement: Match.objectLike({ Limit: PRODUCTION.wafPostRateLimit }),
          },
        }),
      ]),
    });
    const custom = new Stack(new App(), 'Custom', { env: { region: 'us-east-1' } });
    new RateLimitAcl(custom, 'Acl', { postLimit: 120 });
    Template.fromStack(custom).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: WAF_RULES.postRate,
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 120 }) },
        }),
      ]),
    });
  });
});

describe('without the option', () => {
  test('no web ACL, distribution, custom domain or authorizer, and the default endpoint stays', () => {
    const { app, template } = mainStack();
    expect(app.node.tryFindChild(wafStackName('local'))).toBeUndefined();
    for (const type of [
      'AWS::WAFv2::WebACL',
      'AWS::CloudFront::Distribution',
      'AWS::ApiGatewayV2::DomainName',
      'AWS::ApiGatewayV2::Authorizer',
      'AWS::SecretsManager::Secret',
    ]) {
      template.resourceCountIs(type, 0);
    }
    const [api] = Object.values(template.findResources('AWS::ApiGatewayV2::Api'));
    expect(api!.Properties.DisableExecuteApiEndpoint ?? false).toBe(false);
    for (const route of Object.values(template.findResources('AWS::ApiGatewayV2::Route'))) {
      expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    }
  });
});
