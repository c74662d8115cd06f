// The one fake of the table for unit tests: the document client mocked (aws-sdk-client-mock) and
// backed by a Map, so a test can follow an item through several steps. GetItem and BatchGetItem
// read the map; PutItem and UpdateItem write it, and (with `applyTransactions`) so do transactions.
//
// It is strict: a condition, update or key it does not model throws an error naming it, instead of
// passing, so a unit test cannot pass on a condition the fake never checked. It models what the
// store builds: comparisons (=, <>, <, <=, >, >=) of top-level attributes and values, IN,
// attribute_exists / attribute_not_exists, AND / OR / NOT with parentheses; SET with values,
// `if_not_exists(a, :v) + :w` and `list_append(if_not_exists(a, :v), :w)`, and REMOVE. Like
// DynamoDB it refuses names and values the expressions do not use, and paths a SET reads that the
// item lacks. What DynamoDB itself does with each store operation's condition is tested against
// DynamoDB Local (test/integration/store-conditions.test.ts). Queries are not modelled: a test
// that queries answers QueryCommand itself.

import {
  BatchGetCommand,
  GetCommand,
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

export type FakeItem = Record<string, any>;
type Names = Record<string, string>;
type Values = Record<string, unknown>;

export const dynamo = mockClient(DynamoDBDocumentClient);

/** Where the unmodelled forms are listed; a global symbol, so the setup reads it without importing this module. */
const UNMODELLED = Symbol.for('alis.tableFake.unmodelled');

/**
 * A form the fake does not model: the test must not pass on it. Each one is also recorded, so that
 * code which catches errors (the daily run goes on past a failing item) cannot hide it: the unit
 * setup (test/unit/setup.ts) fails the test that met one.
 */
export class UnmodelledByFake extends Error {
  override name = 'UnmodelledByFake';
  constructor(what: string) {
    super(`The table fake does not model ${what}`);
    unmodelledMet().push(this.message);
  }
}

/** The messages of the unmodelled forms met since the list was last emptied. */
export function unmodelledMet(): string[] {
  const holder = globalThis as { [UNMODELLED]?: string[] };
  holder[UNMODELLED] ??= [];
  return holder[UNMODELLED];
}

function keyOf(key: unknown, what: string): string {
  const entries = key && typeof key === 'object' ? Object.entries(key) : [];
  const { pk, sk } = (key ?? {}) as { pk?: unknown; sk?: unknown };
  if (entries.length !== 2 || typeof pk !== 'string' || typeof sk !== 'string' || !pk || !sk) {
    throw new UnmodelledByFake(`the ${what} ${JSON.stringify(key)} (the table's key is pk and sk)`);
  }
  return `${pk}|${sk}`;
}

function keyOfItem(item: FakeItem): string {
  return keyOf({ pk: item?.pk, sk: item?.sk }, `item key of ${JSON.stringify(item)}`);
}

interface Write {
  Key?: FakeItem;
  Item?: FakeItem;
  ConditionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
  [other: string]: unknown;
}

/** What a write may carry besides the parts the fake reads; anything else is refused. */
const KNOWN_FIELDS = new Set([
  'TableName',
  'Key',
  'Item',
  'ConditionExpression',
  'UpdateExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
]);

/**
 * Checks a write's expressions, names, values and key, and answers the key and, for an update, the
 * item as it would be afterwards (undefined if the condition does not hold).
 */
function plan(
  kind: 'Put' | 'Update' | 'ConditionCheck' | 'Delete',
  write: Write,
  byKey: Map<string, FakeItem>,
): { key: string; holds: boolean; next?: FakeItem } {
  for (const field of Object.keys(write)) {
    if (!KNOWN_FIELDS.has(field)) throw new UnmodelledByFake(`the ${kind} field ${field}`);
  }
  if (kind === 'Put' && (write.UpdateExpression || write.Key))
    throw new UnmodelledByFake(`a Put with a key or an update expression`);
  if (kind !== 'Put' && write.Item) throw new UnmodelledByFake(`a ${kind} with an Item`);
  if (kind === 'Update' && !write.UpdateExpression)
    throw new UnmodelledByFake('an Update without an UpdateExpression');
  if (kind === 'ConditionCheck' && !write.ConditionExpression)
    throw new UnmodelledByFake('a ConditionCheck without a ConditionExpression');
  const key = kind === 'Put' ? keyOfItem(write.Item!) : keyOf(write.Key, `${kind} key`);
  const names = write.ExpressionAttributeNames ?? {};
  const values = write.ExpressionAttributeValues ?? {};
  for (const [field, map] of [
    ['ExpressionAttributeNames', write.ExpressionAttributeNames],
    ['ExpressionAttributeValues', write.ExpressionAttributeValues],
  ] as const) {
    if (map && Object.keys(map).length === 0)
      throw new UnmodelledByFake(`an empty ${field} (DynamoDB refuses it)`);
  }
  const used = { names: new Set<string>(), values: new Set<string>() };
  const current = byKey.get(key);
  const condition = write.ConditionExpression
    ? parseCondition(write.ConditionExpression, names, values, used)
    : undefined;
  const update = write.UpdateExpression
    ? parseUpdate(write.UpdateExpression, names, values, used)
    : undefined;
  for (const name of Object.keys(names))
    if (!used.names.has(name))
      throw new UnmodelledByFake(
        `an unused expression attribute name ${name} (DynamoDB refuses it)`,
      );
  for (const value of Object.keys(values))
    if (!used.values.has(value))
      throw new UnmodelledByFake(
        `an unused expression attribute value ${value} (DynamoDB refuses it)`,
      );
  const holds = condition ? condition(current) : true;
  if (kind === 'Update') {
    const base = current ?? structuredClone(write.Key!);
    return { key, holds, next: holds ? update!(base) : undefined };
  }
  if (kind === 'Put') return { key, holds, next: withoutUndefined(write.Item!) };
  return { key, holds };
}

/**
 * Resets the mock and fills the table; answers the live map, keyed "pk|sk". With
 * `applyTransactions`, a transaction checks every part's condition and then writes them all, or
 * is cancelled with the reasons, as DynamoDB does; without it, each part is still checked for forms
 * the fake does not model, and the transaction succeeds without writing.
 */
export function fakeTable(
  items: FakeItem[] = [],
  options: { applyTransactions?: boolean } = {},
): Map<string, FakeItem> {
  dynamo.reset();
  const byKey = new Map(items.map((item) => [keyOfItem(item), structuredClone(item)]));
  dynamo.onAnyCommand().callsFake((input) => {
    throw new UnmodelledByFake(
      `this command (${JSON.stringify(input).slice(0, 200)}); answer it in the test with dynamo.on(...)`,
    );
  });
  answerReads((pk, sk) => structuredClone(byKey.get(keyOf({ pk, sk }, 'read key'))));
  dynamo.on(PutCommand).callsFake((input: Write) => {
    const { key, holds, next } = plan('Put', input, byKey);
    if (!holds) throw conditionFailed();
    byKey.set(key, next!);
    return {};
  });
  dynamo.on(UpdateCommand).callsFake((input: Write) => {
    const { key, holds, next } = plan('Update', input, byKey);
    if (!holds) throw conditionFailed();
    byKey.set(key, next!);
    return {};
  });
  dynamo.on(TransactWriteCommand).callsFake((input: { TransactItems?: FakeItem[] }) => {
    const parts = input.TransactItems ?? [];
    const planned = parts.map((part) => {
      const kinds = Object.keys(part);
      const kind = kinds[0] as 'Put' | 'Update' | 'ConditionCheck' | 'Delete';
      if (kinds.length !== 1 || !['Put', 'Update', 'ConditionCheck', 'Delete'].includes(kind))
        throw new UnmodelledByFake(`the transaction part ${JSON.stringify(part)}`);
      return { kind, ...plan(kind, part[kind] as Write, byKey) };
    });
    const keys = planned.map((p) => p.key);
    if (new Set(keys).size !== keys.length)
      throw Object.assign(
        new Error('Transaction request cannot include multiple operations on one item'),
        {
          name: 'ValidationException',
        },
      );
    if (!options.applyTransactions) return {};
    if (planned.some((p) => !p.holds)) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: planned.map((p) => ({
          Code: p.holds ? 'None' : 'ConditionalCheckFailed',
        })),
      });
    }
    for (const p of planned) {
      if (p.kind === 'Delete') byKey.delete(p.key);
      else if (p.next) byKey.set(p.key, p.next);
    }
    return {};
  });
  return byKey;
}

/** Answers GetItem and BatchGetItem from a function of the key (a table that changes between reads). */
export function answerReads(lookup: (pk: string, sk: string) => FakeItem | undefined): void {
  type Keyed = { pk: string; sk: string };
  dynamo.on(GetCommand).callsFake((input: { Key: Keyed }) => {
    keyOf(input.Key, 'GetItem key');
    return { Item: lookup(input.Key.pk, input.Key.sk) };
  });
  dynamo
    .on(BatchGetCommand)
    .callsFake((input: { RequestItems: Record<string, { Keys: Keyed[] }> }) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems).map(([table, { Keys }]) => [
          table,
          Keys.flatMap((key) => {
            keyOf(key, 'BatchGetItem key');
            return lookup(key.pk, key.sk) ?? [];
          }),
        ]),
      ),
    }));
}

/** A copy without undefined map values, as the document client writes it. */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  return value;
}

function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
}

// ---- expressions ----------------------------------------------------------------------------

/** Every character is part of a token, so anything unexpected reaches the parser, which refuses it. */
const TOKEN = /<>|<=|>=|[=<>(),+-]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\S/g;

function tokenize(expression: string): string[] {
  return [...expression.matchAll(TOKEN)].map((match) => match[0]);
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'SET', 'REMOVE', 'ADD', 'DELETE']);

/** Reads tokens of one expression; every refusal names the expression and where it stopped. */
class Reader {
  private at = 0;
  private readonly tokens: string[];

  constructor(
    readonly expression: string,
    private readonly names: Names,
    private readonly values: Values,
    private readonly used: { names: Set<string>; values: Set<string> },
  ) {
    this.tokens = tokenize(expression);
  }

  peek(offset = 0): string | undefined {
    return this.tokens[this.at + offset];
  }

  next(): string {
    const token = this.tokens[this.at++];
    if (token === undefined) this.refuse('an expression that ends early');
    return token!;
  }

  take(token: string): boolean {
    if (this.peek()?.toUpperCase() !== token) return false;
    this.at++;
    return true;
  }

  expect(token: string): void {
    if (!this.take(token)) this.refuse(`"${this.peek() ?? 'the end'}" where "${token}" belongs`);
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  refuse(what: string): never {
    throw new UnmodelledByFake(`${what} in "${this.expression}"`);
  }

  /** A top-level attribute: a #name or a plain name. Nested paths are not modelled. */
  path(): string {
    const token = this.next();
    let attribute: string;
    if (token.startsWith('#')) {
      if (!(token in this.names)) this.refuse(`the name ${token}, missing from the names`);
      this.used.names.add(token);
      attribute = this.names[token]!;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(token) && !KEYWORDS.has(token.toUpperCase())) {
      attribute = token;
    } else {
      this.refuse(`"${token}" where an attribute belongs`);
    }
    if (this.peek() === '.' || this.peek() === '[') this.refuse('a nested path');
    return attribute;
  }

  value(): unknown {
    const token = this.next();
    if (!token.startsWith(':')) this.refuse(`"${token}" where a :value belongs`);
    if (this.values[token] === undefined)
      this.refuse(`the value ${token}, missing from the values (or undefined)`);
    this.used.values.add(token);
    return this.values[token];
  }
}

type Operand = (item: FakeItem | undefined) => unknown;
type Condition = (item: FakeItem | undefined) => boolean;

const MISSING = Symbol('missing');

/** The document client drops undefined values (removeUndefinedValues), so they are missing. */
function has(item: FakeItem | undefined, attribute: string): boolean {
  return item !== undefined && item[attribute] !== undefined;
}

function parseCondition(
  expression: string,
  names: Names,
  values: Values,
  used: { names: Set<string>; values: Set<string> },
): Condition {
  const r = new Reader(expression, names, values, used);

  const operand = (): Operand => {
    if (r.peek()?.startsWith(':')) {
      const value = scalar(r.value(), r);
      return () => value;
    }
    if (r.peek(1) === '(') r.refuse(`the function ${r.peek()} as an operand`);
    const attribute = r.path();
    return (item) => (has(item, attribute) ? item![attribute] : MISSING);
  };

  const primary = (): Condition => {
    if (r.take('(')) {
      const inner = either();
      r.expect(')');
      return inner;
    }
    if (r.take('NOT')) {
      const inner = primary();
      return (item) => !inner(item);
    }
    const fn = r.peek();
    if (r.peek(1) === '(' && fn) {
      if (fn !== 'attribute_exists' && fn !== 'attribute_not_exists')
        r.refuse(`the function ${fn}`);
      r.next();
      r.expect('(');
      const attribute = r.path();
      r.expect(')');
      return fn === 'attribute_exists'
        ? (item) => has(item, attribute)
        : (item) => !has(item, attribute);
    }
    const left = operand();
    if (r.take('IN')) {
      r.expect('(');
      const list = [operand()];
      while (r.take(',')) list.push(operand());
      r.expect(')');
      return (item) => list.some((option) => compare('=', left(item), option(item)));
    }
    const comparator = r.next();
    // <> is left out: what it answers for a missing attribute is not modelled.
    if (!['=', '<', '<=', '>', '>='].includes(comparator))
      r.refuse(`the comparator "${comparator}"`);
    const right = operand();
    return (item) => compare(comparator, left(item), right(item));
  };

  const both = (): Condition => {
    const parts = [primary()];
    while (r.take('AND')) parts.push(primary());
    return (item) => parts.every((part) => part(item));
  };

  const either = (): Condition => {
    const parts = [both()];
    while (r.take('OR')) parts.push(both());
    return (item) => parts.some((part) => part(item));
  };

  const condition = either();
  if (!r.done()) r.refuse(`"${r.peek()}" after a complete condition`);
  return condition;
}

/** Only strings and numbers are compared; a list or map in a comparison is not modelled. */
function scalar(value: unknown, r: Reader): unknown {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    r.refuse(`the non-scalar value ${JSON.stringify(value)} in a comparison`);
  return value;
}

/** As DynamoDB compares: a missing attribute or a different type makes a comparison false. */
function compare(comparator: string, left: unknown, right: unknown): boolean {
  if (left === MISSING || right === MISSING) return false;
  if (typeof left !== typeof right) return false;
  if (typeof left === 'object')
    throw new UnmodelledByFake(`a comparison with the list or map ${JSON.stringify(left)}`);
  if (typeof left === 'boolean' && comparator !== '=')
    throw new UnmodelledByFake(`the order of booleans (${comparator})`);
  const [a, b] = [left as string | number, right as string | number];
  switch (comparator) {
    case '=':
      return a === b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

type Update = (item: FakeItem) => FakeItem;

function parseUpdate(
  expression: string,
  names: Names,
  values: Values,
  used: { names: Set<string>; values: Set<string> },
): Update {
  const r = new Reader(expression, names, values, used);
  const sets: [string, Operand][] = [];
  const removes: string[] = [];

  // The right-hand side reads the item as it was before the update, as DynamoDB does.
  const read =
    (attribute: string): Operand =>
    (item) => {
      if (has(item, attribute)) return item![attribute];
      throw Object.assign(
        new Error(
          `The provided expression refers to an attribute that does not exist in the item: ${attribute}`,
        ),
        { name: 'ValidationException' },
      );
    };
  const term = (): Operand => {
    if (r.peek()?.startsWith(':')) {
      const value = r.value();
      return () => structuredClone(value);
    }
    const fn = r.peek();
    if (r.peek(1) === '(' && fn) {
      r.next();
      r.expect('(');
      if (fn === 'if_not_exists') {
        const attribute = r.path();
        r.expect(',');
        const fallback = term();
        r.expect(')');
        return (item) => (has(item, attribute) ? item![attribute] : fallback(item));
      }
      if (fn === 'list_append') {
        const first = term();
        r.expect(',');
        const second = term();
        r.expect(')');
        return (item) => {
          const [a, b] = [first(item), second(item)];
          if (!Array.isArray(a) || !Array.isArray(b))
            throw new UnmodelledByFake(`list_append of a non-list in "${expression}"`);
          return [...a, ...b];
        };
      }
      r.refuse(`the function ${fn}`);
    }
    return read(r.path());
  };
  const value = (): Operand => {
    const first = term();
    const sign = r.peek();
    if (sign !== '+' && sign !== '-') return first;
    r.next();
    const second = term();
    return (item) => {
      const [a, b] = [first(item), second(item)];
      if (typeof a !== 'number' || typeof b !== 'number')
        throw new UnmodelledByFake(`arithmetic on a non-number in "${expression}"`);
      return sign === '+' ? a + b : a - b;
    };
  };

  const seen = new Set<string>();
  const target = () => {
    const attribute = r.path();
    if (seen.has(attribute))
      r.refuse(`two actions on ${attribute} (DynamoDB refuses overlapping paths)`);
    if (attribute === 'pk' || attribute === 'sk')
      r.refuse(`an update of the key attribute ${attribute}`);
    seen.add(attribute);
    return attribute;
  };
  const clauses = new Set<string>();
  while (!r.done()) {
    const clause = r.next().toUpperCase();
    if (clauses.has(clause)) r.refuse(`a second ${clause} clause`);
    clauses.add(clause);
    if (clause === 'SET') {
      do {
        const attribute = target();
        r.expect('=');
        sets.push([attribute, value()]);
      } while (r.take(','));
    } else if (clause === 'REMOVE') {
      do removes.push(target());
      while (r.take(','));
    } else {
      r.refuse(`the clause ${clause}`);
    }
  }
  if (sets.length + removes.length === 0) r.refuse('an update that does nothing');
  return (item) => {
    const computed = sets.map(([attribute, operand]) => [attribute, operand(item)] as const);
    const next = structuredClone(item);
    for (const [attribute, v] of computed) next[attribute] = withoutUndefined(v);
    for (const attribute of removes) delete next[attribute];
    return next;
  };
}
