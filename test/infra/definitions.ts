// A state machine's definition as the template carries it, resolved to plain JSON the way the
// local stack resolves it, so tests can assert its shape state by state.

import { FUNCTION_METADATA_KEY } from '../../infra/functions.js';
import { mainStack } from './synthesized.js';

export type State = Record<string, any>;
export interface Definition {
  StartAt: string;
  States: Record<string, State>;
  [key: string]: unknown;
}

/** Replaces the intrinsics the definition uses with values that keep the logical ID readable. */
function resolve(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === 'object') {
    const node = value as Record<string, any>;
    if ('Ref' in node && node.Ref === 'AWS::Partition') return 'aws';
    if ('Fn::GetAtt' in node) {
      const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
      if (attribute !== 'Arn') throw new Error(`Unexpected attribute ${logicalId}.${attribute}`);
      return `arn:aws:lambda:eu-north-1:111111111111:function:${logicalId}`;
    }
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    throw new Error(`Unexpected intrinsic in the definition: ${JSON.stringify(node)}`);
  }
  throw new Error(`Unexpected value in the definition: ${String(value)}`);
}

/** The state machine whose logical ID starts with the construct's id. */
export function stateMachineDefinition(constructId: string) {
  const resources = mainStack().json.Resources;
  const found = Object.entries(resources).find(
    ([logicalId, r]) =>
      r.Type === 'AWS::StepFunctions::StateMachine' && logicalId.startsWith(constructId),
  );
  if (!found) throw new Error(`No state machine ${constructId} in the template`);
  const [id, stateMachine] = found;
  const definition = JSON.parse(
    resolve(stateMachine.Properties.DefinitionString) as string,
  ) as Definition;
  /** The FUNCTIONS key of the Lambda a task invokes, found through the function's metadata. */
  const functionOf = (state: State): string => {
    const arn = state.Parameters.FunctionName as string;
    const logicalId = arn.split(':').at(-1)!;
    return resources[logicalId].Metadata[FUNCTION_METADATA_KEY];
  };
  return { id, definition, functionOf };
}
