import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fontCodePoints, jisKanji, localeCodePoints, planSlices, unicodeRange } from './font-slices';

const require = createRequire(import.meta.url);

describe('web font slices', () => {
  test('unicode-range: runs collapse, singles stay, order does not matter', () => {
    assert.equal(unicodeRange([0x3042, 0x3041, 0x3043, 0x4e00, 0x20]), 'U+20,U+3041-3043,U+4E00');
  });

  test('JIS X 0208 levels: 2,965 and 3,390 kanji, starting 亜 and 弌', () => {
    const [l1, l2] = [jisKanji(1), jisKanji(2)];
    assert.deepEqual([l1.length, l2.length], [2965, 3390]);
    assert.deepEqual([String.fromCodePoint(l1[0]!), String.fromCodePoint(l1.at(-1)!), String.fromCodePoint(l2[0]!), String.fromCodePoint(l2.at(-1)!)], ['亜', '腕', '弌', '熙']);
  });

  test('every character the font covers is in exactly one slice; UI strings are in the first', () => {
    const font = readFileSync(require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'));
    const covered = fontCodePoints(font);
    assert.ok(covered.has(0x3042) && covered.has('疑'.codePointAt(0)!) && covered.has('𠮷'.codePointAt(0)!), 'cmap read');
    const ui = localeCodePoints(fileURLToPath(new URL('./src', import.meta.url)));
    const slices = planSlices(covered, ui);
    const all = slices.flatMap((s) => s.codePoints);
    assert.equal(all.length, covered.size);
    assert.equal(new Set(all).size, covered.size);
    const first = new Set(slices[0]!.codePoints);
    assert.equal(slices[0]!.name, 'ui');
    for (const ch of '症例一覧ログインしてくださいABC') assert.ok(first.has(ch.codePointAt(0)!), ch);
    assert.ok(!first.has('疑'.codePointAt(0)!), '疑 is not a UI character: it comes with its JIS slice');
  });
});
