// Reads the synthesized CloudFormation template the way the local stack needs it: intrinsic
// functions resolved to local names, and the pieces (table, functions, state machine, routes,
// schedules) picked out. The template is the single source of truth; nothing here repeats the
// stack's configuration.

import { FUNCTIONS, FUNCTION_METADATA_KEY, type FunctionName } from '../functions.js';

export const LOCAL_REGION = 'eu-north-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, { Default?: unknown }>;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface TableSpec {
  logicalId: string;
  tableName: string;
  keySchema: { AttributeName: string; KeyType: string }[];
  attributeDefinitions: { AttributeName: string; AttributeType: string }[];
  globalSecondaryIndexes: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: string }[];
    Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  }[];
  localSecondaryIndexes: TableSpec['globalSecondaryIndexes'];
  ttlAttribute?: string;
}

export interface FunctionRef {
  logicalId: string;
  /** The local function name (also the last part of its local ARN). */
  functionName: string;
  arn: string;
  key: FunctionName;
  environment: Record<string, string>;
}

export interface RouteSpec {
  routeKey: string;
  function: FunctionName;
}

export interface ScheduleSpec {
  name: string;
  expression: string;
  timezone: string;
  enabled: boolean;
  startDate?: string;
  endDate?: string;
  target: FunctionName;
  /** Target.Input as written in the template, if any. */
  input?: string;
}

export interface StateMachineSpec {
  logicalId: string;
  name: string;
  arn: string;
  definition: StateMachineDefinition;
}

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
  [key: string]: unknown;
}

export type State = { Type: string; [key: string]: unknown };

export interface LocalTemplate {
  tables: TableSpec[];
  functions: FunctionRef[];
  /** Lambda function name or ARN (with or without qualifier) → function key. */
  functionByName: (nameOrArn: string) => FunctionName | undefined;
  stateMachines: StateMachineSpec[];
  routes: RouteSpec[];
  schedules: ScheduleSpec[];
  /** Union of every function's environment, resolved to local values. */
  environment: Record<string, string>;
  /** Environment values that differ between functions (they share one process locally). */
  environmentConflicts: string[];
}

export interface LocalNames {
  /** Base URL the HTTP API answers on; used for an API's endpoint attribute. */
  publicBaseUrl?: string;
}

const arnPrefix = (service: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}`;

export function stateMachineArn(name: string): string {
  return `${arnPrefix('states')}:stateMachine:${name}`;
}

export function executionArn(stateMachineName: string, executionName: string): string {
  return `${arnPrefix('states')}:execution:${stateMachineName}:${executionName}`;
}

export function lambdaArn(functionName: string): string {
  return `${arnPrefix('lambda')}:function:${functionName}`;
}

function literalName(resource: CfnResource, property: string, logicalId: string): string {
  const value = resource.Properties?.[property];
  return typeof value === 'string' ? value : logicalId;
}

/** The name a resource has locally: its literal name property if the template sets one. */
function localName(logicalId: string, resource: CfnResource): string {
  switch (resource.Type) {
    case 'AWS::Lambda::Function':
      return literalName(resource, 'FunctionName', logicalId);
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return literalName(resource, 'TableName', logicalId);
    case 'AWS::StepFunctions::StateMachine':
      return literalName(resource, 'StateMachineName', logicalId);
    case 'AWS::SES::ConfigurationSet':
    case 'AWS::Scheduler::Schedule':
      return literalName(resource, 'Name', logicalId);
    default:
      return logicalId;
  }
}

const PSEUDO: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
  'AWS::StackId': `${arnPrefix('cloudformation')}:stack/local/00000000-0000-0000-0000-000000000000`,
};

const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves CloudFormation intrinsic functions to the values they have in the local stack. */
export class Resolver {
  constructor(
    private readonly template: CfnTemplate,
    private readonly names: LocalNames = {},
  ) {}

  ref(logicalId: string): string | typeof NO_VALUE {
    if (logicalId === 'AWS::NoValue') return NO_VALUE;
    const pseudo = PSEUDO[logicalId];
    if (pseudo !== undefined) return pseudo;
    const parameter = this.template.Parameters?.[logicalId];
    if (parameter) return String(parameter.Default ?? '');
    const resource = this.resource(logicalId);
    const name = localName(logicalId, resource);
    switch (resource.Type) {
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(name);
      case 'AWS::ApiGatewayV2::Api':
        return 'local';
      default:
        return name;
    }
  }

  getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const name = localName(logicalId, resource);
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::Lambda::Function.Arn':
        return lambdaArn(name);
      case 'AWS::DynamoDB::Table.Arn':
      case 'AWS::DynamoDB::GlobalTable.Arn':
        return `${arnPrefix('dynamodb')}:table/${name}`;
      case 'AWS::StepFunctions::StateMachine.Arn':
        return stateMachineArn(name);
      case 'AWS::StepFunctions::StateMachine.Name':
        return name;
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
        return this.names.publicBaseUrl ?? 'http://127.0.0.1';
      case 'AWS::ApiGatewayV2::Api.ApiId':
        return 'local';
      default:
        // Only values nobody reads locally (role ARNs, log groups) end up here.
        return `local:${logicalId}.${attribute}`;
    }
  }

  resolve(value: unknown, where = '$'): Json {
    const resolved = this.resolveInner(value, where);
    return resolved === NO_VALUE ? null : resolved;
  }

  private resolveInner(value: unknown, where: string): Json | typeof NO_VALUE {
    if (value === null || typeof value !== 'object') return value as Json;
    if (Array.isArray(value)) {
      return value
        .map((v, i) => this.resolveInner(v, `${where}[${i}]`))
        .filter((v): v is Json => v !== NO_VALUE);
    }
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      return this.intrinsic(first[0], first[1], where);
    }
    const out: Record<string, Json> = {};
    for (const [k, v] of entries) {
      const r = this.resolveInner(v, `${where}.${k}`);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private intrinsic(fn: string, arg: unknown, where: string): Json | typeof NO_VALUE {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [id, ...attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return this.getAtt(String(id), attr.join('.'));
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        const list = this.resolveInner(parts, where);
        if (!Array.isArray(list)) throw new TemplateError(`Fn::Join without a list at ${where}`);
        return list.map(String).join(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg)
          ? (arg as [string, Record<string, unknown>])
          : [String(arg), {}];
        return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
          if (name in vars) return String(this.resolve(vars[name], where));
          const [id, ...attr] = name.split('.');
          return attr.length
            ? this.getAtt(String(id), attr.join('.'))
            : String(this.ref(String(id)));
        });
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const resolved = this.resolveInner(list, where);
        if (!Array.isArray(resolved))
          throw new TemplateError(`Fn::Select without a list at ${where}`);
        return resolved[Number(this.resolve(index, where))] ?? null;
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return String(this.resolve(text, where)).split(sep);
      }
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(arg, where));
      default:
        throw new TemplateError(`The local stack cannot resolve ${fn} (at ${where})`);
    }
  }

  private resource(logicalId: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new TemplateError(`The template has no resource ${logicalId}`);
    return resource;
  }
}

function isFunctionName(value: unknown): value is FunctionName {
  return typeof value === 'string' && Object.hasOwn(FUNCTIONS, value);
}

/** Picks out of a synthesized template what the local stack runs. */
export function readTemplate(template: CfnTemplate, names: LocalNames = {}): LocalTemplate {
  const resolver = new Resolver(template, names);
  const resources = Object.entries(template.Resources ?? {});
  const ofType = (...types: string[]) => resources.filter(([, r]) => types.includes(r.Type));
  // Only the properties the local stack reads are resolved: the rest (roles, log groups, alarms)
  // may use intrinsics or resources that mean nothing here.
  // The caller states the shape it expects of the properties it names; the template is trusted
  // to be CloudFormation's, as CDK synthesized it.
  const props = <T extends object>(r: CfnResource, id: string, ...names: (keyof T & string)[]) =>
    Object.fromEntries(
      names
        .filter((n) => r.Properties?.[n] !== undefined)
        .map((n) => [n, resolver.resolve(r.Properties?.[n], `${id}.${n}`)]),
    ) as Partial<T>;

  const functions: FunctionRef[] = [];
  const byName = new Map<string, FunctionName>();
  for (const [id, r] of ofType('AWS::Lambda::Function')) {
    const key = r.Metadata?.[FUNCTION_METADATA_KEY];
    if (key === undefined) continue; // e.g. CDK's own custom-resource providers
    if (!isFunctionName(key)) {
      throw new TemplateError(
        `Lambda ${id} names "${String(key)}" in ${FUNCTION_METADATA_KEY}, which infra/functions.ts does not have`,
      );
    }
    const functionName = localName(id, r);
    const env =
      props<{ Environment: { Variables?: Record<string, Json> } }>(r, id, 'Environment').Environment
        ?.Variables ?? {};
    functions.push({
      logicalId: id,
      functionName,
      arn: lambdaArn(functionName),
      key,
      environment: Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ),
    });
    byName.set(functionName, key);
  }
  const functionByName = (nameOrArn: string): FunctionName | undefined => {
    const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
    return byName.get(match ? String(match[1]) : (nameOrArn.split(':')[0] ?? nameOrArn));
  };

  const tables: TableSpec[] = ofType('AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map(
    ([id, r]) => {
      const p = props<{
        KeySchema: TableSpec['keySchema'];
        AttributeDefinitions: TableSpec['attributeDefinitions'];
        GlobalSecondaryIndexes: unknown;
        LocalSecondaryIndexes: unknown;
        TimeToLiveSpecification: { Enabled?: boolean; AttributeName?: string };
      }>(
        r,
        id,
        'KeySchema',
        'AttributeDefinitions',
        'GlobalSecondaryIndexes',
        'LocalSecondaryIndexes',
        'TimeToLiveSpecification',
      );
      const ttl = p.TimeToLiveSpecification;
      type Index = Omit<TableSpec['globalSecondaryIndexes'][number], 'Projection'> & {
        Projection?: TableSpec['globalSecondaryIndexes'][number]['Projection'];
      };
      const indexes = (list: unknown) =>
        ((list ?? []) as Index[]).map((g) => ({
          IndexName: String(g.IndexName),
          KeySchema: g.KeySchema,
          Projection: g.Projection ?? { ProjectionType: 'ALL' },
        }));
      return {
        logicalId: id,
        tableName: localName(id, r),
        keySchema: p.KeySchema ?? [],
        attributeDefinitions: p.AttributeDefinitions ?? [],
        globalSecondaryIndexes: indexes(p.GlobalSecondaryIndexes),
        localSecondaryIndexes: indexes(p.LocalSecondaryIndexes),
        ...(ttl?.Enabled && ttl.AttributeName ? { ttlAttribute: ttl.AttributeName } : {}),
      };
    },
  );

  const stateMachines: StateMachineSpec[] = ofType('AWS::StepFunctions::StateMachine').map(
    ([id, r]) => {
      const p = props<{
        DefinitionString: string;
        Definition: Json;
        DefinitionSubstitutions: Record<string, Json>;
      }>(r, id, 'DefinitionString', 'Definition', 'DefinitionSubstitutions');
      let raw: unknown = p.DefinitionString ?? p.Definition;
      if (typeof raw !== 'string') raw = JSON.stringify(raw);
      let text = String(raw);
      for (const [key, value] of Object.entries(p.DefinitionSubstitutions ?? {})) {
        text = text.replaceAll(`\${${key}}`, String(value));
      }
      const definition = JSON.parse(text) as StateMachineDefinition;
      const name = localName(id, r);
      return { logicalId: id, name, arn: stateMachineArn(name), definition };
    },
  );

  const integrationFunction = new Map<string, FunctionName>();
  for (const [id, r] of ofType('AWS::ApiGatewayV2::Integration')) {
    const uri = props<{ IntegrationUri: unknown }>(r, id, 'IntegrationUri').IntegrationUri;
    const key = typeof uri === 'string' ? functionByName(uri) : undefined;
    if (key) integrationFunction.set(id, key);
  }
  const routes: RouteSpec[] = ofType('AWS::ApiGatewayV2::Route').map(([id, r]) => {
    const p = props<{ RouteKey: string; Target: unknown }>(r, id, 'RouteKey', 'Target');
    const target = typeof p.Target === 'string' ? p.Target.replace(/^integrations\//, '') : '';
    const fn = integrationFunction.get(target);
    if (!fn)
      throw new TemplateError(
        `Route ${String(p.RouteKey)} (${id}) does not lead to one of our Lambdas`,
      );
    return { routeKey: String(p.RouteKey), function: fn };
  });

  const schedules: ScheduleSpec[] = ofType('AWS::Scheduler::Schedule').map(([id, r]) => {
    const p = props<{
      ScheduleExpression: string;
      ScheduleExpressionTimezone: unknown;
      State: unknown;
      StartDate: unknown;
      EndDate: unknown;
    }>(r, id, 'ScheduleExpression', 'ScheduleExpressionTimezone', 'State', 'StartDate', 'EndDate');
    // Only the target's ARN is resolved: its input is a JSON text with Scheduler's placeholders.
    const targetSpec = r.Properties?.Target as { Arn?: unknown; Input?: unknown } | undefined;
    const targetArn = resolver.resolve(targetSpec?.Arn, `${id}.Target.Arn`);
    const target = typeof targetArn === 'string' ? functionByName(targetArn) : undefined;
    if (!target) throw new TemplateError(`Schedule ${id} does not target one of our Lambdas`);
    return {
      name: localName(id, r),
      expression: String(p.ScheduleExpression),
      timezone:
        typeof p.ScheduleExpressionTimezone === 'string' ? p.ScheduleExpressionTimezone : 'UTC',
      enabled: p.State !== 'DISABLED',
      ...(typeof p.StartDate === 'string' ? { startDate: p.StartDate } : {}),
      ...(typeof p.EndDate === 'string' ? { endDate: p.EndDate } : {}),
      target,
      ...(typeof targetSpec?.Input === 'string' ? { input: targetSpec.Input } : {}),
    };
  });

  const environment: Record<string, string> = {};
  const conflicts = new Set<string>();
  for (const f of functions) {
    for (const [k, v] of Object.entries(f.environment)) {
      if (k in environment && environment[k] !== v) conflicts.add(k);
      environment[k] = v;
    }
  }

  return {
    tables,
    functions,
    functionByName,
    stateMachines,
    routes,
    schedules,
    environment,
    environmentConflicts: [...conflicts],
  };
}
