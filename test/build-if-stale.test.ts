import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { staleBuilds } from '../scripts/build-if-stale.mjs';

test('npm start rebuilds only the half whose sources are newer than its output', () => {
  const root = mkdtempSync(join(tmpdir(), 'kiban-stale-'));
  const at = (path: string, secondsAgo: number) => {
    const p = join(root, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, '');
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(p, t, t);
  };
  try {
    at('package.json', 100);
    at('src/app.ts', 90);
    at('web/src/App.tsx', 90);
    assert.deepEqual(staleBuilds(root), ['build:server', 'build:web'], 'nothing built yet');
    at('dist/server/cli/main.js', 50);
    at('dist/web/index.html', 50);
    assert.deepEqual(staleBuilds(root), [], 'npm install built both');
    at('web/src/App.tsx', 10);
    assert.deepEqual(staleBuilds(root), ['build:web'], 'a web edit rebuilds the web UI only');
    at('dist/web/index.html', 5);
    at('package.json', 1);
    assert.deepEqual(staleBuilds(root), ['build:server', 'build:web'], 'new dependencies rebuild both');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
