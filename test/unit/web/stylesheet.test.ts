// The stylesheet ships only the part of Designsystemet the pages use (scripts/css-subset.ts). These
// tests render every page and check that nothing a page uses was dropped: each class has a rule,
// and each attribute value that Designsystemet styles is still styled.

import { readFileSync } from 'node:fs';
import postcss, { type AtRule } from 'postcss';
import selectorParser from 'postcss-selector-parser';
import { describe, expect, it } from 'vitest';
import { fullDesignsystemet, pageSources } from '../../../scripts/build-assets.js';
import { canMatch, subsetCss, wordsIn } from '../../../scripts/css-subset.js';
import { STYLESHEET } from '../../../shared/web/assets/designsystemet.generated.js';
import { samplePages } from '../../support/sample-pages.js';

/** What selectors in a stylesheet name: classes, and attributes with their values (`name=value`). */
function styled(css: string): { classes: Set<string>; attributes: Set<string> } {
  const classes = new Set<string>();
  const attributes = new Set<string>();
  postcss.parse(css).walkRules((rule) => {
    selectorParser((selectors) => {
      selectors.walkClasses((c) => {
        classes.add(c.value);
      });
      selectors.walkAttributes((a) => {
        attributes.add(a.value === undefined ? a.attribute : `${a.attribute}=${a.value}`);
      });
    }).processSync(rule.selector);
  });
  return { classes, attributes };
}

/** The classes and `data-*` attribute values in rendered HTML. */
function usedIn(html: string): { classes: Set<string>; attributes: Set<string> } {
  const classes = new Set<string>();
  const attributes = new Set<string>();
  for (const [, value] of html.matchAll(/\sclass="([^"]*)"/g)) {
    for (const c of value!.split(/\s+/)) if (c) classes.add(c);
  }
  for (const [, name, value] of html.matchAll(/\s(data-[\w-]+)(?:="([^"]*)")?/g)) {
    attributes.add(name!);
    if (value !== undefined) attributes.add(`${name}=${value}`);
  }
  return { classes, attributes };
}

/** Element names, attribute names and the words of attribute values in rendered HTML. */
function markupWords(html: string): Set<string> {
  const words: string[] = [];
  for (const [, tag, attributes] of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
    words.push(tag!);
    for (const [, name, value] of attributes!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g))
      words.push(name!, value ?? '');
  }
  return wordsIn(words);
}

/** Every selector of every rule (outside @keyframes), as written. */
function selectorsOf(css: string): Set<string> {
  const selectors = new Set<string>();
  postcss.parse(css).walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes$/.test((rule.parent as AtRule).name)) return;
    for (const s of rule.selectors) selectors.add(s.trim());
  });
  return selectors;
}

/**
 * The selectors of Designsystemet's rules that style something themselves (not only set custom
 * properties, which go with the rules that read them), parsed once.
 */
function stylingSelectors(css: string): { text: string; selector: selectorParser.Selector }[] {
  const found: { text: string; selector: selectorParser.Selector }[] = [];
  postcss.parse(css).walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes$/.test((rule.parent as AtRule).name)) return;
    if (!rule.nodes.some((n) => n.type === 'decl' && !n.prop.startsWith('--'))) return;
    selectorParser((selectors) => {
      for (const selector of selectors.nodes)
        found.push({ text: selector.toString().trim(), selector });
    }).processSync(rule.selector);
  });
  return found;
}

const pages = samplePages();
const styling = stylingSelectors(fullDesignsystemet());
const shippedSelectors = selectorsOf(STYLESHEET);
const shipped = styled(STYLESHEET);
const whole = styled(fullDesignsystemet());

/** Classes the pages use that no stylesheet styles, on purpose: hooks for tests and charts' SVG. */
function unstyled(): Set<string> {
  const all = new Set<string>();
  for (const html of Object.values(pages)) for (const c of usedIn(html).classes) all.add(c);
  return new Set([...all].filter((c) => !shipped.classes.has(c) && !whole.classes.has(c)));
}

describe('the stylesheet the pages get', () => {
  it('is a small part of Designsystemet', () => {
    expect(STYLESHEET.length).toBeLessThan(fullDesignsystemet().length / 2);
    expect(STYLESHEET).toContain('.ds-button');
    expect(STYLESHEET).not.toContain('.ds-tabs');
    expect(STYLESHEET).not.toContain('.ds-avatar');
  });

  it('renders pages that name every component the web sources do', () => {
    // A page missing here would go unchecked below.
    const inSources = new Set(
      [...wordsIn(pageSources().map((f) => readFileSync(f, 'utf8')))].filter(
        (w) => w.startsWith('ds-') && whole.classes.has(w),
      ),
    );
    const rendered = new Set<string>();
    for (const html of Object.values(pages)) for (const c of usedIn(html).classes) rendered.add(c);
    expect([...inSources].filter((c) => !rendered.has(c))).toEqual([]);
  });

  it.each(Object.keys(pages))('%s: every class it uses has a rule', (name) => {
    const missing = [...usedIn(pages[name]!).classes].filter(
      (c) => !shipped.classes.has(c) && !unstyled().has(c),
    );
    expect(missing).toEqual([]);
    // Designsystemet's own classes are always styled; a `ds-` class without a rule is a typo.
    expect(
      [...usedIn(pages[name]!).classes].filter(
        (c) => c.startsWith('ds-') && !shipped.classes.has(c),
      ),
    ).toEqual([]);
  });

  it.each(Object.keys(pages))(
    '%s: every Designsystemet selector its own elements could match is shipped',
    (name) => {
      // What this page alone would need, from its elements, attributes and classes (not its
      // text): none of it may be missing from what the sources kept.
      const words = markupWords(pages[name]!);
      const missing = styling
        .filter(({ text, selector }) => canMatch(selector, words) && !shippedSelectors.has(text))
        .map(({ text }) => text);
      expect(missing).toEqual([]);
    },
  );

  it('leaves unstyled only the classes named here (hooks for the chart bars and labels)', () => {
    expect([...unstyled()].sort()).toEqual(['cost-chart__bar', 'filters', 'label-optional']);
  });
});

describe('subsetCss', () => {
  const used = (...words: string[]) => new Set(words);

  it('keeps rules whose selectors can match, drops the others whole', () => {
    const css = '.a{color:red}.b{color:blue}.a .b,.c{margin:0}';
    expect(subsetCss(css, { used: used('a') })).toBe('.a{color:red}');
    expect(subsetCss(css, { used: used('a', 'c') })).toBe('.a{color:red}.c{margin:0}');
    expect(subsetCss(css, { used: used('a', 'b') })).toBe(
      '.a{color:red}.b{color:blue}.a .b{margin:0}',
    );
  });

  it('needs the attribute and its value, an element, or one of an :is()/:where() list', () => {
    const css =
      '.x[data-size=sm]{a:1}.x[data-size=lg]{a:2}.x[hidden]{a:3}.x :where(svg,img){a:4}.x:not(.y){a:5}';
    expect(subsetCss(css, { used: used('x', 'data-size', 'sm', 'img') })).toBe(
      '.x[data-size=sm]{a:1}.x :where(svg,img){a:4}.x:not(.y){a:5}',
    );
  });

  it('keeps the custom properties kept rules read, through others, and no more', () => {
    const css =
      ':root{--a:var(--b);--b:1px;--c:2px;--d:var(--c)}.x{margin:var(--a)}.y{margin:var(--d)}';
    expect(subsetCss(css, { used: used('x') })).toBe(
      ':root{--a:var(--b);--b:1px}.x{margin:var(--a)}',
    );
    expect(
      subsetCss(':root{--s:1px;--t:2px}', { used: used(), alsoReads: ['b{c:var(--t)}'] }),
    ).toBe(':root{--t:2px}');
  });

  it('keeps layers in their first order, and @media/@supports around what stays', () => {
    const css =
      '@layer l.one{.gone{a:1}}@layer l.two{.x{a:2}}@layer l.one{.x{a:3}}@media (min-width:1px){.gone{a:4}}@media print{.x{a:5}}';
    expect(subsetCss(css, { used: used('x') })).toBe(
      '@layer l, l.one, l.two;@layer l.two{.x{a:2}}@layer l.one{.x{a:3}}@media print{.x{a:5}}',
    );
  });

  it('keeps the @keyframes a kept rule names', () => {
    const css =
      '@keyframes spin{to{rotate:1turn}}@keyframes fade{to{opacity:0}}.x{animation:spin 1s}';
    expect(subsetCss(css, { used: used('x') })).toBe(
      '@keyframes spin{to{rotate:1turn}}.x{animation:spin 1s}',
    );
  });

  it('drops a class the pages use when the sources do not name it (what the page check catches)', () => {
    const full = fullDesignsystemet();
    const words = wordsIn(pageSources().map((f) => readFileSync(f, 'utf8')));
    words.delete('ds-button');
    expect(styled(subsetCss(full, { used: words })).classes.has('ds-button')).toBe(false);
  });
});
