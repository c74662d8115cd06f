// Keeps of a stylesheet only what the pages can use, at build time: a rule stays when one of its
// selectors can match something the page sources name (a class, an attribute and its value, an
// element), a custom property stays when a kept declaration reads it (directly or through other
// custom properties), a @keyframes when a kept declaration names it. Selectors are never
// rewritten, only dropped whole from a selector list, so what stays keeps its specificity; @layer,
// @media and @supports keep their order and structure and go only when nothing is left inside.
//
// "Used" is a set of words read from the page sources, not from rendered pages: a word that
// appears anywhere in them counts, so the subset errs on the side of keeping.

import postcss, { type AtRule, type ChildNode, type Container, type Declaration } from 'postcss';
import selectorParser from 'postcss-selector-parser';

/** Every word (letters, digits, `-`, `_`) in these sources, lower-cased. */
export function wordsIn(sources: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/[A-Za-z0-9_-]+/g)) words.add(match[0].toLowerCase());
  }
  return words;
}

/**
 * Attributes whose presence changes without a new page (the user opens a <details>, ticks a box):
 * their selectors stay whatever the sources say.
 */
const DYNAMIC_ATTRIBUTES = new Set(['open', 'checked', 'selected', 'value']);

/** Pseudo-classes that match when any one of their selectors does. */
const ANY_OF = new Set([':is', ':where', ':matches', ':-webkit-any', ':-moz-any', ':has']);

type Node = selectorParser.Node;

/** Whether a selector could match an element of a page that uses only `used` words. */
export function canMatch(selector: selectorParser.Selector, used: ReadonlySet<string>): boolean {
  return selector.nodes.every((node) => nodeCanMatch(node, used));
}

function nodeCanMatch(node: Node, used: ReadonlySet<string>): boolean {
  switch (node.type) {
    case 'class':
      return used.has(node.value.toLowerCase());
    case 'id':
      return used.has(node.value.toLowerCase());
    case 'tag':
      return used.has(node.value.toLowerCase());
    case 'attribute': {
      const name = node.attribute.toLowerCase();
      if (DYNAMIC_ATTRIBUTES.has(name)) return true;
      if (!used.has(name)) return false;
      // Only an exact value made of one word can be looked up; anything else stays.
      const value = node.value;
      if (node.operator !== '=' || value === undefined || !/^[\w-]+$/.test(value)) return true;
      return used.has(value.toLowerCase());
    }
    case 'pseudo':
      if (ANY_OF.has(node.value.toLowerCase()))
        return node.nodes.some((inner) => canMatch(inner, used));
      // :not(), :nth-child(…), pseudo-elements, states: no word of ours decides them.
      return true;
    default:
      // Combinators, `*`, `&`, comments.
      return true;
  }
}

/** The custom properties a value reads: `var(--a, var(--b))` reads both. */
function variablesIn(value: string): string[] {
  return [...value.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]!);
}

function isKeyframes(node: Container | undefined): boolean {
  return node?.type === 'atrule' && /keyframes$/i.test((node as AtRule).name);
}

function insideKeyframes(node: ChildNode): boolean {
  for (let p = node.parent as Container | undefined; p; p = p.parent as Container | undefined) {
    if (isKeyframes(p)) return true;
  }
  return false;
}

/** Removes containers (rules, @media, @layer blocks …) left with nothing inside, bottom up. */
function removeEmpty(root: postcss.Root): void {
  let removed = true;
  while (removed) {
    removed = false;
    root.walk((node) => {
      // `@layer a, b;` has no block: it orders the layers and always stays.
      if ((node.type === 'rule' || node.type === 'atrule') && node.nodes?.length === 0) {
        node.remove();
        removed = true;
      }
    });
  }
}

export interface SubsetOptions {
  /** Words the pages use (see `wordsIn`). */
  used: ReadonlySet<string>;
  /** Declarations elsewhere (our own stylesheet) whose `var(--…)` reads keep properties here. */
  alsoReads?: readonly string[];
}

/** The part of `css` the pages can use, as text. */
export function subsetCss(css: string, { used, alsoReads = [] }: SubsetOptions): string {
  const root = postcss.parse(css);
  root.walkComments((comment) => {
    comment.remove();
  });
  const layers = layerOrder(root);

  // 1. Selectors: drop those that cannot match; a rule with none left goes.
  root.walkRules((rule) => {
    if (insideKeyframes(rule)) return;
    const kept: string[] = [];
    let dropped = false;
    selectorParser((selectors) => {
      for (const selector of selectors.nodes) {
        if (canMatch(selector, used)) kept.push(selector.toString().trim());
        else dropped = true;
      }
    }).processSync(rule.selector);
    if (kept.length === 0) rule.remove();
    else if (dropped) rule.selector = kept.join(',');
  });

  // 2. @keyframes that a remaining declaration names (custom properties included: an animation
  // may be passed through one).
  const values: string[] = [];
  root.walkDecls((decl) => {
    if (!insideKeyframes(decl)) values.push(decl.value);
  });
  const named = wordsIn(values);
  root.walkAtRules(/keyframes$/i, (atRule) => {
    if (!named.has(atRule.params.trim().toLowerCase())) atRule.remove();
  });

  // 3. Custom properties: those read by a kept ordinary declaration, then those read by them.
  const declarations = new Map<string, Declaration[]>();
  const reads: string[] = [...alsoReads.flatMap(variablesIn)];
  root.walkDecls((decl) => {
    if (decl.prop.startsWith('--')) {
      const list = declarations.get(decl.prop) ?? [];
      list.push(decl);
      declarations.set(decl.prop, list);
    } else reads.push(...variablesIn(decl.value));
  });
  const needed = new Set<string>();
  while (reads.length > 0) {
    const name = reads.pop()!;
    if (needed.has(name)) continue;
    needed.add(name);
    for (const decl of declarations.get(name) ?? []) reads.push(...variablesIn(decl.value));
  }
  for (const [name, list] of declarations) {
    if (!needed.has(name)) for (const decl of list) decl.remove();
  }
  root.walkAtRules('property', (atRule) => {
    if (!needed.has(atRule.params.trim())) atRule.remove();
  });

  removeEmpty(root);
  // A layer whose first block went would otherwise take the place of its next one in the order.
  const left = new Set(layerOrder(root));
  const order = layers.filter((name) => left.has(name));
  if (order.length > 0) root.prepend(postcss.atRule({ name: 'layer', params: order.join(', ') }));
  return compact(root);
}

/** Cascade layers by full name (`ds.theme.color`), in the order they first appear. */
function layerOrder(root: postcss.Root): string[] {
  const order = new Set<string>();
  root.walkAtRules('layer', (atRule) => {
    const outer: string[] = [];
    for (let p = atRule.parent; p && p.type === 'atrule'; p = p.parent) {
      if ((p as AtRule).name === 'layer') outer.unshift((p as AtRule).params.trim());
    }
    for (const name of atRule.params.split(',').map((n) => n.trim())) {
      if (!name) continue;
      const parts = [...outer, name].join('.').split('.');
      for (let i = 1; i <= parts.length; i++) order.add(parts.slice(0, i).join('.'));
    }
  });
  return [...order];
}

/** The rules as text without the indentation and line breaks between them (values untouched). */
function compact(root: postcss.Root): string {
  root.walk((node) => {
    node.raws.before = '';
    if (node.type === 'decl') node.raws.between = ':';
    if (node.type === 'rule') {
      node.raws.between = '';
      // The selector as parsed, with any comment in it.
      delete node.raws.selector;
    }
    if (node.type === 'atrule') node.raws.afterName = node.params ? ' ' : '';
    if (node.type === 'atrule' && node.nodes) node.raws.between = '';
    if ('nodes' in node) {
      node.raws.after = '';
      node.raws.semicolon = false;
    }
  });
  root.raws.after = '';
  return root.toString();
}
