// Debian's Chromium (and many hospital PCs' kiosk browsers) have no Japanese font, so Noto Sans JP
// ships with the app. The TTFs are used rather than WOFF2: the WOFF2 files of this package render
// blank in Chromium. Vite copies them into dist/web and gives their hashed URLs (CSP font-src 'self').
import bold from '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf?url';
import regular from '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf?url';

export const FONT_FAMILY = 'Kiban Noto Sans JP';

export function installFonts(): void {
  const style = document.createElement('style');
  style.textContent = [
    [regular, 400],
    [bold, 700],
  ]
    .map(([url, weight]) => `@font-face{font-family:'${FONT_FAMILY}';src:url('${url}') format('truetype');font-weight:${weight};font-style:normal;font-display:swap;}`)
    .join('\n');
  document.head.appendChild(style);
}
