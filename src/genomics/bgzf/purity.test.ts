import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

/**
 * STYLE §2: the readers' pure core does no I/O. zlib is allowed (computation on bytes: BGZF
 * blocks); files, sockets, processes, threads, the clock and the environment stay at the edge
 * (src/annotation).
 */
const FOLDERS = ['vcf', 'gff3', 'fasta', 'bgzf'];
const FORBIDDEN = /from 'node:(fs|fs\/promises|net|http|https|child_process|worker_threads|os|readline|dgram|cluster)'|process\.env|Date\.now\(/;

test('src/genomics/{vcf,gff3,fasta,bgzf} import no I/O', () => {
  const root = new URL('..', import.meta.url).pathname;
  const offenders: string[] = [];
  for (const folder of FOLDERS) {
    for (const name of readdirSync(join(root, folder))) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const text = readFileSync(join(root, folder, name), 'utf8');
      if (FORBIDDEN.test(text)) offenders.push(`${folder}/${name}`);
    }
  }
  assert.deepEqual(offenders, []);
});
