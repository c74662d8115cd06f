// One Lambda function of the project, built the same way for every row of infra/functions.ts:
// runtime, architecture, bundling, logging and tracing are fixed here so that no function can
// drift from the others, and access is granted through the bind methods, each of which sets
// the environment variable the code reads together with the permission it needs.

import * as path from 'node:path';
import { CfnElement, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import {
  ENVIRONMENT_KEYS,
  FUNCTION_METADATA_KEY,
  FUNCTIONS,
  PROJECT_ROOT,
  entryPath,
  type FunctionName,
  type FunctionSpec,
  type WorkflowAccess,
  type WorkflowName,
} from '../functions.js';
import { PDF_FONT_FILES } from '../../shared/presentation/pdf.js';
import type { Mail } from './mail.js';

/**
 * The Node.js runtime of every function, the edge authorizer's too. Its major is the one that
 * package.json's engines, .nvmrc and the devDependency `node` (the Node every npm script runs)
 * name, so that what is deployed is what is tested.
 */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The item-level DynamoDB actions the code uses, and no others: no Scan (the access patterns are
 * all keyed queries; a Scan in the code should fail loudly in AWS rather than quietly cost money),
 * no BatchWriteItem (it may delete) and no DeleteItem, so no function can erase an application or
 * its audit trail. BatchGetItem only reads keyed items, several in one call. Transactions need no
 * action of their own: IAM checks each item they touch against PutItem and UpdateItem (and
 * ConditionCheckItem or DeleteItem, which the code does not use).
 */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
} as const;

export interface ProjectFunctionProps {
  /** The function's row in FUNCTIONS. */
  name: FunctionName;
  /** Variables every function gets (table, mail, base URL). */
  environment: Record<string, string>;
  /** @default three months */
  logRetention?: logs.RetentionDays;
}

export class ProjectFunction extends Construct {
  readonly name: FunctionName;
  readonly spec: FunctionSpec;
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.spec = FUNCTIONS[props.name];

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });

    // An own role instead of the default one: the default attaches the managed
    // AWSLambdaBasicExecutionRole, which may write to every log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Handler', {
      entry: entryPath(props.name),
      handler: 'handler',
      description: this.spec.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(this.spec.timeout),
      memorySize: this.spec.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      // No X-Ray for the functions: tracing their SDK calls would need the X-Ray SDK in every
      // bundle (size and cold start), and without it a trace shows only the invocation. The state
      // machine's own tracing and the structured logs carry the request path.
      tracing: lambda.Tracing.DISABLED,
      // Stack traces point into the TypeScript sources instead of the minified bundle.
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        minify: true,
        // Error classes keep their names: Step Functions' Retry/Catch and the logs match on them.
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        // The SDK v3 clients are bundled rather than taken from the runtime, so the deployed code
        // runs against exactly the versions the tests ran against.
        externalModules: [],
        // Prefer packages' ES modules, which esbuild can tree-shake: zod's CommonJS build alone
        // would add ~280 KB of unused locale messages to every function.
        mainFields: ['module', 'main'],
        // The root tsconfig carries the preact JSX settings the .tsx pages need.
        tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json'),
        // fontkit (under the PDF renderer) imports a WOFF2 decompressor that no font here needs:
        // half a megabyte of bundle, replaced by a stub that refuses.
        esbuildArgs: {
          '--alias:brotli': path.join(PROJECT_ROOT, 'infra', 'bundling', 'no-brotli'),
        },
        commandHooks: PDF_FONTS_HOOKS,
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        'No X-Ray for the functions: tracing their SDK calls would need the X-Ray SDK in every bundle (size and cold start); the state machines trace, and the structured logs carry the request path.',
    });

    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata(
      FUNCTION_METADATA_KEY,
      props.name,
    );
  }

  addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }

  /** Read or read-write access to the table's items and indexes, as the row's `access.table` says. */
  bindTable(table: dynamodb.ITable): void {
    const actions =
      this.spec.access.table === 'readWrite'
        ? [...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write]
        : TABLE_ACTIONS.read;
    // grant() covers the table and its indexes.
    table.grant(this.function, ...actions);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(table)}.Arn>/index/*]`,
      reason:
        "Access to the table's own global secondary indexes (byDue, which the daily run queries); the wildcard covers only indexes of this one table.",
    });
  }

  bindMail(mail: Mail): void {
    if (this.spec.access.sendMail) mail.grantSend(this.function);
  }

  /**
   * 'start' lets the function start the state machine's executions and tells it the machine's ARN;
   * 'resume' lets it answer the task tokens the machine hands out (SendTaskSuccess/Failure/Heartbeat);
   * 'describe' lets it read an execution's status.
   */
  bindWorkflow(workflow: WorkflowName, stateMachine: sfn.IStateMachine): void {
    const access: readonly WorkflowAccess[] = this.spec.access.workflows[workflow] ?? [];
    if (access.includes('start')) {
      stateMachine.grantStartExecution(this.function);
      this.addEnvironment(WORKFLOW_ARN_ENVIRONMENT[workflow], stateMachine.stateMachineArn);
    }
    if (access.includes('resume')) {
      stateMachine.grantTaskResponse(this.function);
    }
    if (access.includes('describe')) {
      // DescribeExecution on this state machine's executions only, which are named by application.
      stateMachine.grantExecution(this.function, 'states:DescribeExecution');
      // cdk-nag names the region and account as the stack has them: a token, or the literal of a
      // stage's pinned region and account.
      // (The partition is a literal too where the region is, @aws-cdk/core:enablePartitionLiterals.)
      const { partition, region, account } = Stack.of(this);
      const text = (value: string, pseudo: string) =>
        Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
      const executions = `arn:${text(partition, 'Partition')}:states:${text(region, 'Region')}:${text(account, 'AccountId')}:execution`;
      const machineName = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalIdOf(stateMachine)}"}]}]}`;
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${executions}:${machineName}:*]`,
        reason:
          "DescribeExecution on the executions of this one state machine: they are named by application at run time (and a resume's -r<n>), so no name can be fixed in advance; the action only reads an execution's status.",
      });
    }
  }
}

/**
 * The PDF renderer reads its fonts by package path (`require.resolve`), which esbuild leaves to
 * run time. Every bundle that names them gets the files at the same path under its own
 * node_modules, where Node's resolution finds them in Lambda as it does in the project.
 */
const PDF_FONTS_HOOKS: nodejs.ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) =>
    Object.values(PDF_FONT_FILES).map((file) => {
      const target = `${outputDir}/node_modules/${file}`;
      return `if grep -q '${file}' '${outputDir}/index.js'; then mkdir -p '${path.posix.dirname(target)}' && cp '${inputDir}/node_modules/${file}' '${target}'; fi`;
    }),
};

const WORKFLOW_ARN_ENVIRONMENT: Record<WorkflowName, string> = {
  review: ENVIRONMENT_KEYS.stateMachineArn,
  payment: ENVIRONMENT_KEYS.paymentStateMachineArn,
  signIn: ENVIRONMENT_KEYS.signInStateMachineArn,
  municipalityRequests: ENVIRONMENT_KEYS.municipalityRequestsStateMachineArn,
};

/**
 * The logical ID of a construct's CloudFormation resource, as cdk-nag names it in findings such
 * as `AwsSolutions-IAM5[Resource::<LogicalId.Arn>/index/*]`; acknowledgements must match exactly.
 */
export function logicalIdOf(construct: IConstruct): string {
  const cfn = construct.node.defaultChild;
  if (!(cfn instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(cfn).resolve(cfn.logicalId) as string;
}
