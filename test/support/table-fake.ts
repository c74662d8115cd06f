// The one fake of the table for unit tests: the document client mocked (aws-sdk-client-mock) and
// backed by a Map, so a test can follow an item through several steps. GetItem and BatchGetItem
// read the map;
// PutItem and UpdateItem write it, checking the simple conditions the store builds ("a = :v" joined
// by AND, attribute_not_exists); transactions succeed and write nothing unless a test says so.

import {
  BatchGetCommand,
  GetCommand,
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

export type FakeItem = Record<string, any>;

export const dynamo = mockClient(DynamoDBDocumentClient);

const keyOf = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;

/**
 * Resets the mock and fills the table; answers the live map, keyed "pk|sk". With
 * `applyTransactions`, a transaction checks every part's condition and then writes them all, or
 * is cancelled with the reasons, as DynamoDB does.
 */
export function fakeTable(
  items: FakeItem[] = [],
  options: { applyTransactions?: boolean } = {},
): Map<string, FakeItem> {
  dynamo.reset();
  const byKey = new Map(items.map((item) => [keyOf(item as never), structuredClone(item)]));
  answerReads((pk, sk) => structuredClone(byKey.get(keyOf({ pk, sk }))));
  dynamo.on(PutCommand).callsFake((input) => {
    const key = keyOf(input.Item as never);
    if (!conditionHolds(input.ConditionExpression, byKey.get(key), {}, {})) throw conditionFailed();
    byKey.set(key, structuredClone(input.Item as FakeItem));
    return {};
  });
  dynamo.on(UpdateCommand).callsFake((input) => {
    const key = keyOf(input.Key as never);
    const item = byKey.get(key);
    const names = input.ExpressionAttributeNames ?? {};
    const values = input.ExpressionAttributeValues ?? {};
    if (!conditionHolds(input.ConditionExpression, item, names, values)) throw conditionFailed();
    const updated = applyUpdate(
      item ?? { ...input.Key },
      input.UpdateExpression ?? '',
      names,
      values,
    );
    byKey.set(key, updated);
    return {};
  });
  if (!options.applyTransactions) {
    dynamo.on(TransactWriteCommand).resolves({});
    return byKey;
  }
  dynamo.on(TransactWriteCommand).callsFake((input) => {
    const parts = (input.TransactItems ?? []) as FakeItem[];
    const reasons = parts.map((part) => {
      const write = part.Put ?? part.Update ?? part.ConditionCheck ?? part.Delete;
      const key = keyOf((part.Put ? write.Item : write.Key) as never);
      const holds = conditionHolds(
        write.ConditionExpression,
        byKey.get(key),
        write.ExpressionAttributeNames ?? {},
        write.ExpressionAttributeValues ?? {},
      );
      return { Code: holds ? 'None' : 'ConditionalCheckFailed' };
    });
    if (reasons.some((r) => r.Code !== 'None')) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: reasons,
      });
    }
    for (const part of parts) {
      if (part.Put) byKey.set(keyOf(part.Put.Item), structuredClone(part.Put.Item));
      if (part.Update) {
        const key = keyOf(part.Update.Key);
        byKey.set(
          key,
          applyUpdate(
            byKey.get(key) ?? { ...part.Update.Key },
            part.Update.UpdateExpression ?? '',
            part.Update.ExpressionAttributeNames ?? {},
            part.Update.ExpressionAttributeValues ?? {},
          ),
        );
      }
      if (part.Delete) byKey.delete(keyOf(part.Delete.Key));
    }
    return {};
  });
  return byKey;
}

/** Answers GetItem and BatchGetItem from a function of the key (a table that changes between reads). */
export function answerReads(lookup: (pk: string, sk: string) => FakeItem | undefined): void {
  type Keyed = { pk: string; sk: string };
  dynamo.on(GetCommand).callsFake((input: { Key: Keyed }) => ({
    Item: lookup(input.Key.pk, input.Key.sk),
  }));
  dynamo
    .on(BatchGetCommand)
    .callsFake((input: { RequestItems: Record<string, { Keys: Keyed[] }> }) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems).map(([table, { Keys }]) => [
          table,
          Keys.flatMap((key) => lookup(key.pk, key.sk) ?? []),
        ]),
      ),
    }));
}

function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
}

function conditionHolds(
  condition: string | undefined,
  item: FakeItem | undefined,
  names: Record<string, string>,
  values: Record<string, unknown>,
): boolean {
  if (!condition) return true;
  const name = (token: string) => names[token] ?? token;
  const holds = (clause: string): boolean => {
    const missing = clause.match(/^attribute_not_exists\((\S+)\)$/);
    if (missing) return item?.[name(missing[1]!)] === undefined;
    const equal = clause.match(/^(\S+) = (:\w+)$/);
    if (equal) return item !== undefined && item[name(equal[1]!)] === values[equal[2]!];
    const below = clause.match(/^(\S+) (<|<=) (:\w+)$/);
    if (below) {
      const [held, bound] = [item?.[name(below[1]!)], values[below[3]!] as number];
      return typeof held === 'number' && (below[2] === '<' ? held < bound : held <= bound);
    }
    return true; // a form this fake does not model
  };
  // OR of ANDs, AND binding tighter as in DynamoDB, with parentheses. Function calls such as
  // attribute_not_exists(pk) are set aside first, so that only grouping parentheses are left.
  const calls: string[] = [];
  const grouped = condition.replace(/\w+\([^()]*\)/g, (call) => `@${calls.push(call) - 1}`);
  const tokens = grouped
    .split(/(\(|\)|\bAND\b|\bOR\b)/)
    .map((token) => token.trim())
    .filter(Boolean);
  let at = 0;
  const single = (): boolean => {
    if (tokens[at] === '(') {
      at++;
      const result = either();
      at++; // the closing parenthesis
      return result;
    }
    const clause = tokens[at++]!.replace(/@(\d+)/g, (_, i: string) => calls[Number(i)]!);
    return holds(clause);
  };
  const both = (): boolean => {
    let result = single();
    while (tokens[at] === 'AND') {
      at++;
      result = single() && result;
    }
    return result;
  };
  const either = (): boolean => {
    let result = both();
    while (tokens[at] === 'OR') {
      at++;
      result = both() || result;
    }
    return result;
  };
  return either();
}

function applyUpdate(
  item: FakeItem,
  expression: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): FakeItem {
  const next = structuredClone(item);
  const name = (token: string) => names[token] ?? token;
  const [setPart = '', removePart = ''] = expression.startsWith('REMOVE')
    ? ['', expression.slice('REMOVE'.length)]
    : expression.slice('SET'.length).split(' REMOVE ');
  for (const assignment of setPart.split(/,(?![^(]*\))/).map((a) => a.trim())) {
    if (!assignment) continue;
    const [target, value] = assignment.split(' = ') as [string, string];
    const increment = value.match(/^if_not_exists\((\S+), (:\w+)\) \+ (:\w+)$/);
    if (increment) {
      const held = (next[name(increment[1]!)] as number | undefined) ?? values[increment[2]!];
      next[name(target)] = (held as number) + (values[increment[3]!] as number);
      continue;
    }
    const append = value.match(/^list_append\(if_not_exists\(\S+, (:\w+)\), (:\w+)\)$/);
    next[name(target)] = append
      ? [
          ...((next[name(target)] as unknown[]) ?? values[append[1]!]),
          ...(values[append[2]!] as unknown[]),
        ]
      : values[value];
  }
  for (const target of removePart.split(',').map((r) => r.trim()))
    if (target) delete next[name(target)];
  return next;
}
