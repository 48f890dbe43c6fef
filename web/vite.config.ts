import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The server (src/app.ts) serves dist/web/ with an SPA fallback; in development, `vite` proxies
// /api to a running `kiban start` so cookies stay same-origin.
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web/', import.meta.url)),
    emptyOutDir: true,
    // The Noto Sans JP TTFs (about 5 MB each) must stay files: inlining them as data: URLs would
    // bloat the JS bundle. Chromium on Debian has no Japanese font, so they are required.
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
