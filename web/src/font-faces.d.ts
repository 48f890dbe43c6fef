declare module 'virtual:kiban-font-faces' {
  /** The UI font's @font-face list (web/font-plugin.ts). */
  const faces: Array<{ weight: number; url: string; unicodeRange?: string }>;
  export default faces;
}

declare module 'subset-font' {
  /** HarfBuzz hb-subset: the font with only the glyphs of `text` (build time, web/font-plugin.ts). */
  export default function subsetFont(font: Buffer, text: string, options?: { targetFormat?: 'truetype' | 'woff' | 'woff2' | 'sfnt' }): Promise<Buffer>;
}
