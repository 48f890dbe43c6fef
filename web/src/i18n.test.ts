import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';

// STYLE §11: one namespace per module, identical English dotted keys in ja and en, and no literal
// text in JSX (OHIF's Japanese users silently got English where these drifted).

const SRC = fileURLToPath(new URL('.', import.meta.url));

type Json = { [k: string]: Json } | string;

function flatten(obj: Json, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof obj === 'string') {
    out.set(prefix, obj);
    return out;
  }
  for (const [k, v] of Object.entries(obj)) for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  return out;
}

function namespaces(): string[] {
  return readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory() && readdirSync(join(SRC, d)).includes('locales')).sort();
}

function load(ns: string, lng: 'ja' | 'en'): Map<string, string> {
  return flatten(JSON.parse(readFileSync(join(SRC, ns, 'locales', `${lng}.json`), 'utf8')) as Json);
}

function sourceFiles(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p, exts));
    else if (exts.some((x) => e.name.endsWith(x)) && !e.name.includes('.test.')) out.push(p);
  }
  return out;
}

const HAS_WORDS = /[A-Za-z\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
/** Attributes a user reads (or hears from a screen reader). */
const TEXT_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label']);

type Node = { type: string; [k: string]: unknown };

/** JSX text nodes and user-visible string attributes that contain letters, kana or kanji. */
export function literalJsxText(source: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    // HTML entities (&gt; &nbsp;) are punctuation, not words.
    if (n.type === 'JSXText' && HAS_WORDS.test(String(n.value).replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, ''))) found.push(String(n.value).trim());
    if (n.type === 'JSXAttribute') {
      const name = (n.name as { name?: string }).name ?? '';
      const value = n.value as { type?: string; value?: unknown } | null;
      if (TEXT_ATTRIBUTES.has(name) && value?.type === 'Literal' && HAS_WORDS.test(String(value.value))) found.push(`${name}="${String(value.value)}"`);
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'parent') visit(v);
  };
  visit(parseAst(source, { lang: 'tsx' }));
  return found;
}

describe('locales', () => {
  const nss = namespaces();

  test('every feature folder with pages has a namespace, and i18n.ts loads every namespace', () => {
    for (const ns of ['auth', 'management', 'registry', 'shell', 'specimens']) assert.ok(nss.includes(ns), `${ns}/locales missing`);
    const i18n = readFileSync(join(SRC, 'i18n.ts'), 'utf8');
    for (const ns of nss) for (const lng of ['ja', 'en']) assert.ok(i18n.includes(`./${ns}/locales/${lng}.json`), `${ns}/${lng} not imported`);
  });

  for (const ns of nss) {
    test(`${ns}: ja and en have the same keys, none empty`, () => {
      const ja = load(ns, 'ja');
      const en = load(ns, 'en');
      assert.deepEqual([...ja.keys()].sort(), [...en.keys()].sort());
      for (const [k, v] of [...ja, ...en]) assert.ok(v.trim().length > 0, `${ns}:${k} is empty`);
      for (const k of ja.keys()) assert.match(k, /^[A-Za-z0-9_.]+$/, `${ns}:${k} is not an English dotted key`);
    });

    test(`${ns}: the same {{placeholders}} in both languages`, () => {
      const ja = load(ns, 'ja');
      const en = load(ns, 'en');
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const [k, v] of en) assert.deepEqual(vars(ja.get(k) ?? ''), vars(v), `${ns}:${k}`);
    });
  }

  test('Japanese strings are Japanese (no untranslated copies of the English)', () => {
    const copies: string[] = [];
    for (const ns of nss) {
      const en = load(ns, 'en');
      for (const [k, v] of load(ns, 'ja')) if (v === en.get(k) && /[a-z]{4,}/.test(v.replace(/\{\{\w+\}\}/g, '')) && k !== 'language.en') copies.push(`${ns}:${k}`);
    }
    assert.deepEqual(copies, []);
  });

  test("every static t('key') in the code exists in its namespace", () => {
    const missing: string[] = [];
    const all = new Map(nss.map((ns) => [ns, load(ns, 'en')]));
    for (const file of sourceFiles(SRC, ['.tsx'])) {
      const src = readFileSync(file, 'utf8');
      const fileNs = [...src.matchAll(/useTranslation\('(\w+)'\)/g)].map((m) => m[1]!);
      for (const m of src.matchAll(/\bt\('([^'`$]+)'/g)) {
        const key = m[1]!;
        const [ns, k] = key.includes(':') ? key.split(':') as [string, string] : [null, key];
        const candidates = ns ? [ns] : fileNs;
        if (!candidates.some((c) => all.get(c)?.has(k))) missing.push(`${relative(SRC, file)}: ${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

describe('no literal text in JSX', () => {
  test('the scanner finds text nodes and visible attributes, and ignores t() and code', () => {
    assert.deepEqual(literalJsxText('const a = <p title="Hi">Hello {t("k")} 日本</p>;'), ['title="Hi"', 'Hello', '日本']);
    assert.deepEqual(literalJsxText('const a = <p className="x" title={t("k")}>{t("k")} · — &gt; &nbsp; {n}</p>; const b = (x: number) => x < 3 && x > 1;'), []);
  });

  test('no .tsx file has literal text', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC, ['.tsx'])) {
      for (const text of literalJsxText(readFileSync(file, 'utf8'))) offenders.push(`${relative(SRC, file)}: ${text}`);
    }
    assert.deepEqual(offenders, []);
  });
});
