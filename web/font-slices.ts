import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How the Japanese web font is cut into unicode-range slices (as large Japanese sites serve Noto
 * Sans JP), so that a page downloads only the slices holding the characters it shows. The whole
 * TTF is 5.4 MB per weight; the first visit used to fetch two of them.
 *
 * Slice order follows how often characters appear, most frequent first, in groups a page tends to
 * need together:
 * 1. `ui`: ASCII, Latin-1, punctuation, kana, CJK symbols, full-width forms and every character
 *    of the UI's own strings (web/src/<module>/locales/*.json) — what every screen shows;
 * 2. `jis1-N`: the JIS X 0208 level-1 kanji (the 2,965 common kanji), in JIS (reading) order;
 * 3. `jis2-N`: the level-2 kanji;
 * 4. `rest-N`: everything else the font covers, in code-point order.
 * Each character is in exactly one slice, so unicode-ranges never overlap, and data with any kanji
 * still renders: the browser fetches the slice that holds it.
 */

export interface Slice {
  name: string;
  codePoints: number[];
}

/** Characters per kanji slice: about 40 KB of Brotli-compressed TTF per slice and weight. */
export const KANJI_PER_SLICE = 200;
const REST_PER_SLICE = 1000;

const UI_BLOCKS: Array<[number, number]> = [
  [0x20, 0x7e], // Basic Latin
  [0xa0, 0xff], // Latin-1
  [0x2000, 0x206f], // General Punctuation
  [0x2190, 0x21ff], // Arrows (→ in the timeline)
  [0x3000, 0x30ff], // CJK Symbols and Punctuation, Hiragana, Katakana
  [0xff01, 0xff9f], // full-width ASCII, half-width katakana
];

/** Every code point of every string in the locale files under `srcDir`. */
export function localeCodePoints(srcDir: string): Set<number> {
  const out = new Set<number>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (dir.endsWith('locales') && name.endsWith('.json')) for (const ch of readFileSync(p, 'utf8')) out.add(ch.codePointAt(0)!);
    }
  };
  walk(srcDir);
  return out;
}

/** JIS X 0208 kanji of one level, in JIS order, decoded from their Shift_JIS codes (Node's ICU). */
export function jisKanji(level: 1 | 2): number[] {
  const [first, last] = level === 1 ? [0x889f, 0x9872] : [0x989f, 0xeaa4];
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  const out: number[] = [];
  for (let code = first; code <= last; code++) {
    const trail = code & 0xff;
    if (trail < 0x40 || trail === 0x7f || trail > 0xfc) continue;
    try {
      const ch = decoder.decode(new Uint8Array([code >> 8, trail]));
      const cp = ch.codePointAt(0)!;
      if (ch.length === 1 && cp >= 0x3400) out.push(cp);
    } catch {
      // an unassigned code in the row
    }
  }
  return out;
}

/** The code points a TrueType/OpenType font maps (its cmap, format 4 or 12). */
export function fontCodePoints(font: Uint8Array): Set<number> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const numTables = view.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (String.fromCharCode(...font.subarray(rec, rec + 4)) === 'cmap') cmap = view.getUint32(rec + 8);
  }
  if (cmap < 0) throw new Error('font has no cmap table');
  const subtables = Array.from({ length: view.getUint16(cmap + 2) }, (_, i) => cmap + view.getUint32(cmap + 4 + i * 8 + 4));
  const format12 = subtables.find((o) => view.getUint16(o) === 12);
  const out = new Set<number>();
  if (format12 !== undefined) {
    const groups = view.getUint32(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + g * 12;
      for (let cp = view.getUint32(at); cp <= view.getUint32(at + 4); cp++) out.add(cp);
    }
    return out;
  }
  const f4 = subtables.find((o) => view.getUint16(o) === 4);
  if (f4 === undefined) throw new Error('font has no format 4 or 12 cmap');
  const segs = view.getUint16(f4 + 6) / 2;
  for (let s = 0; s < segs; s++) {
    const end = view.getUint16(f4 + 14 + s * 2);
    const start = view.getUint16(f4 + 16 + segs * 2 + s * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) out.add(cp);
  }
  return out;
}

/** Cuts the font's code points into slices (see the file comment); every covered code point lands in one. */
export function planSlices(covered: Set<number>, uiExtra: Set<number>): Slice[] {
  const taken = new Set<number>();
  const take = (cps: Iterable<number>): number[] => {
    const out: number[] = [];
    for (const cp of cps) if (covered.has(cp) && !taken.has(cp)) (taken.add(cp), out.push(cp));
    return out;
  };
  const blocks = UI_BLOCKS.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
  const slices: Slice[] = [{ name: 'ui', codePoints: take([...blocks, ...[...uiExtra].sort((a, b) => a - b)]) }];
  const chunked = (prefix: string, cps: number[], size: number) => {
    for (let i = 0; i * size < cps.length; i++) slices.push({ name: `${prefix}-${i}`, codePoints: cps.slice(i * size, (i + 1) * size) });
  };
  chunked('jis1', take(jisKanji(1)), KANJI_PER_SLICE);
  chunked('jis2', take(jisKanji(2)), KANJI_PER_SLICE);
  chunked('rest', take([...covered].sort((a, b) => a - b)), REST_PER_SLICE);
  return slices.filter((s) => s.codePoints.length > 0);
}

/** A CSS unicode-range value: runs of consecutive code points as `U+3000-30FF`, singles as `U+4E00`. */
export function unicodeRange(codePoints: number[]): string {
  const sorted = [...codePoints].sort((a, b) => a - b);
  const parts: string[] = [];
  const hex = (n: number) => n.toString(16).toUpperCase();
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `U+${hex(sorted[i]!)}` : `U+${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return parts.join(',');
}
