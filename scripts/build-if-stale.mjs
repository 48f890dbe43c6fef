#!/usr/bin/env node
// `npm start` builds only what is older than its sources: `npm install` has already built
// everything (`prepare`), so a first `npm start` starts at once, and after an edit only the
// changed half (server or web UI) is rebuilt.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Newest modification time (ms) of the files under the given paths; 0 when none exist. */
export function newestMtimeMs(paths) {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (!st.isDirectory()) newest = Math.max(newest, st.mtimeMs);
    else for (const e of readdirSync(p)) if (e !== 'node_modules') newest = Math.max(newest, newestMtimeMs([join(p, e)]));
  }
  return newest;
}

/** The builds whose output is missing or older than one of its inputs. */
export function staleBuilds(root) {
  const shared = ['package.json', 'package-lock.json'].map((f) => join(root, f));
  const targets = [
    { script: 'build:server', output: join(root, 'dist/server/cli/main.js'), inputs: ['src', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.build.json', 'scripts/copy-assets.mjs'] },
    { script: 'build:web', output: join(root, 'dist/web/index.html'), inputs: ['web', 'src/genomics/consequence/terms.ts'] },
  ];
  return targets
    .filter((t) => !existsSync(t.output) || statSync(t.output).mtimeMs < newestMtimeMs([...t.inputs.map((i) => join(root, i)), ...shared]))
    .map((t) => t.script);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const stale = staleBuilds(root);
  if (stale.length === 0) console.error('kiban: the build is up to date');
  for (const script of stale) {
    console.error(`kiban: npm run ${script} (sources changed since the last build)`);
    const r = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
