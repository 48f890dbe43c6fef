import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Every error code the server can send has Japanese and English text in the web UI's `errors`
// namespace (web/src/errors/locales/{ja,en}.json), so a hospital user never reads an internal
// code or an English server message. The codes are found where they are thrown, so a new code
// anywhere in src/ fails this test until its text is added.

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.includes('.test.') ? [p] : [];
  });
}

/** Every literal code, rule and not-found entity in src/, with the files that use it. */
function thrown(): { codes: Map<string, Set<string>>; rules: Map<string, Set<string>>; entities: Map<string, Set<string>> } {
  const found = { codes: new Map<string, Set<string>>(), rules: new Map<string, Set<string>>(), entities: new Map<string, Set<string>>() };
  const add = (m: Map<string, Set<string>>, k: string, file: string) => m.set(k, (m.get(k) ?? new Set()).add(relative(ROOT, file)));
  const patterns: Array<[Map<string, Set<string>>, RegExp]> = [
    // invalidInput('X', …), conflict('X', …) and module helpers that take a code first (fail, bad…)
    [found.codes, /\b(?:invalidInput|conflict|fail|mismatch|bad\w*)\(\s*'([A-Z][A-Z0-9_]+)'/g],
    [found.codes, /new KibanError\(\s*'\w+'\s*,\s*'([A-Z][A-Z0-9_]+)'/g],
    [found.codes, /\bbody\(\s*'([A-Z][A-Z0-9_]+)'/g], // the HTTP error handler's own codes
    [found.rules, /\brule:\s*'(\w+)'/g],
    [found.rules, /\bbad\(\s*'[^']*'\s*,\s*'(\w+)'/g],
    [found.entities, /\bnotFound\(\s*'([^']+)'/g],
  ];
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const [map, re] of patterns) for (const m of text.matchAll(re)) add(map, m[1]!, file);
  }
  add(found.codes, 'NOT_FOUND', 'src/errors.ts');
  add(found.codes, 'FORBIDDEN', 'src/errors.ts');
  add(found.codes, 'NETWORK', 'web/src/api.ts');
  return found;
}

type Json = { [k: string]: Json } | string;
function texts(lng: 'ja' | 'en'): Json {
  return JSON.parse(readFileSync(join(ROOT, 'web/src/errors/locales', `${lng}.json`), 'utf8')) as Json;
}
function lookup(json: Json, path: string[]): string | undefined {
  let node: Json | undefined = json;
  for (const p of path) node = typeof node === 'object' ? node[p] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function missing(map: Map<string, Set<string>>, group: string, key: (k: string) => string): string[] {
  const out: string[] = [];
  for (const lng of ['ja', 'en'] as const) {
    const json = texts(lng);
    for (const [k, files] of [...map].sort()) {
      if (!lookup(json, [group, key(k)])) out.push(`${group}.${key(k)} has no ${lng} text in web/src/errors/locales/${lng}.json (thrown in ${[...files].join(', ')})`);
    }
  }
  return out;
}

describe('every server error has Japanese and English text', () => {
  const found = thrown();

  test('the scanner finds the codes, rules and entities (so a broken pattern cannot pass silently)', () => {
    assert.ok(found.codes.size >= 100, `only ${found.codes.size} codes found`);
    for (const c of ['PARTICIPANT_EXISTS', 'CASE_ILLEGAL_TRANSITION', 'SHIPMENT_ALREADY_DISPATCHED', 'INVALID_INPUT', 'INTERNAL', 'CALLER_MISMATCH', 'LOGIN_THROTTLED']) {
      assert.ok(found.codes.has(c), c);
    }
    for (const r of ['required', 'enum', 'not_future', 'maxItems']) assert.ok(found.rules.has(r), r);
    assert.deepEqual([...found.entities.keys()].sort(), ['api token', 'case', 'interpretation run', 'organisation', 'participant', 'sequencing run', 'shipment', 'specimen', 'user']);
  });

  test('every code', () => assert.deepEqual(missing(found.codes, 'code', (k) => k), []));
  test('every validation rule (shown under the field)', () => assert.deepEqual(missing(found.rules, 'rule', (k) => k), []));
  test('every entity a "not found" names', () => assert.deepEqual(missing(found.entities, 'entity', (k) => k.replaceAll(' ', '_')), []));
});
