// CloudFront in front of the HTTP API, so that the WAF rate rule sees every request (the `waf`
// option of the stack). How the pieces fit:
//
// - The API's default execute-api endpoint is disabled (Api's `disableExecuteApiEndpoint`), so the
//   API answers only on its custom domain name: a REGIONAL API Gateway domain for the public name,
//   with a certificate in the API's region.
// - CloudFront serves the same public name with a certificate in us-east-1, and forwards every
//   request to the regional domain's target (d-….execute-api.<region>.amazonaws.com) with the
//   viewer's Host header, which is how API Gateway finds the custom domain, and the API mapping on
//   it, behind a shared endpoint.
// - That regional target is itself reachable from the internet. CloudFront therefore adds a
//   secret header, and a Lambda authorizer on every route lets only requests that carry it
//   through; a request without the header is refused by API Gateway before any function runs.
//   Without this, anyone could skip CloudFront, and the per-client limit with it.

import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { FUNCTION_RUNTIME } from './project-function.js';
import type { Api } from './api.js';

/** The header CloudFront adds to every origin request; lower case, as HTTP APIs see headers. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * The authorizer's code. It compares digests, so the comparison takes the same time whatever the
 * header holds. Inline: a dozen lines with no dependency need no bundle of their own.
 */
const ORIGIN_VERIFY_CODE = `
const { createHash, timingSafeEqual } = require('node:crypto');
const digest = (value) => createHash('sha256').update(String(value ?? '')).digest();
const expected = digest(process.env.ORIGIN_SECRET);
exports.handler = async (event) => ({
  isAuthorized: timingSafeEqual(digest(event.headers?.['${ORIGIN_VERIFY_HEADER}']), expected),
});
`;

/** The shared secret between CloudFront and the API, and the authorizer that checks it. */
export interface OriginVerifyProps {
  /** @default three months */
  logRetention?: logs.RetentionDays;
}

export class OriginVerify extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly function: lambda.Function;
  readonly authorizer: HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, props: OriginVerifyProps = {}) {
    super(scope, id);

    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'ALIS grants: header value CloudFront adds so that the API accepts its requests',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    // An own role: the default one attaches AWSLambdaBasicExecutionRole (every log group).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the authorizer that admits only requests coming through CloudFront',
    });
    logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Handler', {
      description: 'HTTP API authorizer: admits only requests that carry the CloudFront header',
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(ORIGIN_VERIFY_CODE),
      memorySize: 128,
      timeout: Duration.seconds(3),
      role,
      logGroup,
      // Resolved by CloudFormation at deployment; the template carries only a reference.
      environment: { ORIGIN_SECRET: this.secret.secretValue.unsafeUnwrap() },
    });

    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'API Gateway invokes the authorizer synchronously and refuses the request when it fails; there is no asynchronous event to keep.',
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        'A dozen lines comparing one header, without AWS calls: a trace would show only the invocation, which the API access log already records.',
    });

    this.authorizer = new HttpLambdaAuthorizer('OriginVerify', this.function, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [`$request.header.${ORIGIN_VERIFY_HEADER}`],
      // One invocation per header value per five minutes: CloudFront sends one value.
      resultsCacheTtl: Duration.minutes(5),
    });

    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The value only shows that a request came through CloudFront (and so past the WAF limit); it grants no access to data. A rotated value would take effect only when a deployment updates both the distribution and the authorizer, since CloudFormation resolves the reference only for resources it updates; changing it is therefore a deliberate deployment, not a schedule.',
    });
  }
}

export interface EdgeProps {
  api: Api;
  originVerify: OriginVerify;
  /** The public name, e.g. tilskudd.example.no; served by CloudFront and by the API's domain. */
  domainName: string;
  /** ACM certificate for domainName in us-east-1, for CloudFront. */
  certificateArn: string;
  /** ACM certificate for domainName in the API's region, for the API's custom domain. */
  apiCertificateArn: string;
  /** The CLOUDFRONT-scope web ACL (from the us-east-1 stack). */
  webAclArn: string;
  /** @default three months */
  logRetention?: Duration;
}

export class Edge extends Construct {
  readonly domain: apigw.DomainName;
  readonly distribution: cloudfront.Distribution;
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);

    this.domain = new apigw.DomainName(this, 'ApiDomain', {
      domainName: props.domainName,
      certificate: acm.Certificate.fromCertificateArn(
        this,
        'ApiCertificate',
        props.apiCertificateArn,
      ),
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    new apigw.ApiMapping(this, 'ApiMapping', {
      api: props.api.httpApi,
      domainName: this.domain,
      stage: props.api.stage,
    });

    // CloudFront's standard logs go to S3 through bucket ACLs, hence BUCKET_OWNER_PREFERRED.
    this.logBucket = new s3.Bucket(this, 'Logs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: props.logRetention ?? Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `ALIS grants: ${props.domainName}`,
      domainNames: [props.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      webAclId: props.webAclArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      // Standard logs carry the requested path, and paths carry link tokens: the bucket is
      // private, TLS-only, and its objects expire.
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: new origins.HttpOrigin(this.domain.regionalDomainName, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          // A viewer's own header of this name is replaced by CloudFront's.
          customHeaders: {
            [ORIGIN_VERIFY_HEADER]: props.originVerify.secret.secretValue.unsafeUnwrap(),
          },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Every page is personal or changes with the data; nothing is cached at the edge.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // All viewer headers, Host included: API Gateway picks the custom domain by Host.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
      },
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: reviewers and programme staff read their e-mailed links wherever they are, and mail scanners fetch them from abroad; the WAF rate rule bounds abuse from any country.',
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds access logs itself (CloudFront standard logs); logging its own access would only log the log delivery.',
    });

    new CfnOutput(this, 'DistributionDomainName', {
      description: `Point ${props.domainName} here (CNAME, or an alias record in Route 53)`,
      value: this.distribution.distributionDomainName,
    });
  }
}
