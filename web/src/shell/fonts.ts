// Debian's Chromium (and many hospital PCs' kiosk browsers) have no Japanese font, so Noto Sans JP
// ships with the app, cut at build time into unicode-range slices (web/font-plugin.ts): a page
// downloads only the slices of the characters it shows (the whole font is 5.4 MB per weight).
// TTF rather than WOFF2: the WOFF2 files of the font package render blank in Chromium, and the
// server sends each slice Brotli-compressed anyway (CSP font-src 'self').
import faces from 'virtual:kiban-font-faces';

export const FONT_FAMILY = 'Kiban Noto Sans JP';

export function installFonts(): void {
  const style = document.createElement('style');
  style.textContent = faces
    .map((f) => `@font-face{font-family:'${FONT_FAMILY}';src:url('${f.url}') format('truetype');font-weight:${f.weight};font-style:normal;font-display:swap;${f.unicodeRange ? `unicode-range:${f.unicodeRange};` : ''}}`)
    .join('\n');
  document.head.appendChild(style);
}
