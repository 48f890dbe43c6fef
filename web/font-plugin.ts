import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { fontCodePoints, localeCodePoints, planSlices, unicodeRange } from './font-slices';

const VIRTUAL = 'virtual:kiban-font-faces';
const RESOLVED = `\0${VIRTUAL}`;
const require = createRequire(import.meta.url);

/** The Noto Sans JP weights the UI uses, from @expo-google-fonts/noto-sans-jp (kept whole for the PDF reports). */
const WEIGHTS = [
  { weight: 400, file: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf' },
  { weight: 700, file: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf' },
];

/**
 * `import faces from 'virtual:kiban-font-faces'`: the @font-face list of the UI font. A build cuts
 * each weight into unicode-range slices (font-slices.ts) with subset-font (HarfBuzz's hb-subset
 * in WebAssembly) and writes them to dist/web/assets with content-hashed names; slices are cached
 * in node_modules/.cache by content, so a rebuild re-cuts only those whose characters changed.
 * The dev server serves the whole TTFs instead.
 */
export function fontSlices(webSrc: string, cacheDir: string): Plugin {
  let serve = false;
  return {
    name: 'kiban-font-slices',
    configResolved(config) {
      serve = config.command === 'serve';
    },
    resolveId: (id) => (id === VIRTUAL ? RESOLVED : null),
    async load(id) {
      if (id !== RESOLVED) return null;
      if (serve) {
        const imports = WEIGHTS.map((w, i) => `import f${i} from '${w.file}?url';`).join('\n');
        return `${imports}\nexport default [${WEIGHTS.map((w, i) => `{ weight: ${w.weight}, url: f${i} }`).join(', ')}];`;
      }
      // One plan for every weight (cut by the regular weight's cmap), so the ranges ship once.
      const fonts = WEIGHTS.map((w) => readFileSync(require.resolve(w.file)));
      const slices = planSlices(fontCodePoints(fonts[0]!), localeCodePoints(webSrc));
      const urls: Record<number, string[]> = {};
      for (const [i, w] of WEIGHTS.entries()) {
        urls[w.weight] = [];
        for (const slice of slices) {
          const bytes = await cachedSubset(fonts[i]!, slice.codePoints, cacheDir);
          const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
          const fileName = `assets/noto-sans-jp-${w.weight}-${slice.name}-${hash}.ttf`;
          this.emitFile({ type: 'asset', fileName, source: bytes });
          urls[w.weight]!.push(`/${fileName}`);
        }
      }
      const ranges = slices.map((s) => unicodeRange(s.codePoints));
      return `const ranges = ${JSON.stringify(ranges)};
const urls = ${JSON.stringify(urls)};
export default Object.entries(urls).flatMap(([weight, list]) => list.map((url, i) => ({ weight: Number(weight), url, unicodeRange: ranges[i] })));`;
    },
  };
}

async function cachedSubset(font: Buffer, codePoints: number[], cacheDir: string): Promise<Buffer> {
  const key = createHash('sha256').update(font).update(Uint32Array.from(codePoints)).digest('hex');
  const path = join(cacheDir, `${key}.ttf`);
  if (existsSync(path)) return readFileSync(path);
  const { default: subsetFont } = await import('subset-font');
  const bytes = await subsetFont(font, String.fromCodePoint(...codePoints), { targetFormat: 'truetype' });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}
