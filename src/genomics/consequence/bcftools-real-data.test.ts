/**
 * Real human sequence and Ensembl gene models: every folder of the bcftools csq test suite in
 * /work/shared/data/genome/bcftools-csq (see MANIFEST.md), parsed with Kiban's own GFF3 reader,
 * compared per record and transcript with `bcftools csq -l` run here (not with the stored
 * expectations, which mix bcftools versions). Disagreement classes are those of
 * bcftools-concordance.test.ts; these sets are built to probe edge cases (splice boundaries,
 * overlapping indels, incomplete CDS), so the bar is lower than for random variants.
 */
import assert from 'node:assert/strict';
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { requireOrSkip } from '../../testing/skip.js';
import { parseGeneModelText } from '../gff3/index.js';
import { memoryReader } from '../synthetic/index.js';
import { compareWithBcsq, type Disagreement } from './bcsq-compare.js';

const ROOT = '/work/shared/data/genome/bcftools-csq';

function readFasta(path: string): { name: string; sequence: string }[] {
  const out: { name: string; sequence: string }[] = [];
  for (const block of readFileSync(path, 'utf8').split('>').slice(1)) {
    const [header = '', ...lines] = block.split('\n');
    out.push({ name: header.split(/\s/)[0] ?? '', sequence: lines.join('').trim().toUpperCase() });
  }
  return out;
}

it('agrees with bcftools csq -l on the real-sequence test sets', { timeout: 120_000 }, (t) => {
  if (!requireOrSkip(t, existsSync(ROOT), `${ROOT} is absent (shared data)`)) return;
  if (!requireOrSkip(t, spawnSync('bcftools', ['--version']).status === 0, 'bcftools is not installed')) return;
  let compared = 0;
  let agreed = 0;
  const disagreements: (Disagreement & { set: string })[] = [];
  for (const folder of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, folder);
    const files = readdirSync(dir);
    const fa = files.find((f) => f.endsWith('.fa'));
    const gff = files.find((f) => f.endsWith('.gff') || f.endsWith('.gff3'));
    if (!fa || !gff) continue;
    let transcripts;
    try {
      transcripts = parseGeneModelText(readFileSync(join(dir, gff), 'utf8'), 'gff3');
    } catch (err) {
      // A few sets test bcftools on malformed models (e.g. negative coordinates); our reader rejects them.
      t.diagnostic(`${folder}: gene models rejected: ${(err as Error).message}`);
      continue;
    }
    const reader = memoryReader(readFasta(join(dir, fa)));
    for (const vcf of files.filter((f) => f.endsWith('.vcf'))) {
      const cmd =
        `bcftools view -G ${join(dir, vcf)} 2>/dev/null | bcftools norm -m- -f ${join(dir, fa)} 2>/dev/null | ` +
        `bcftools csq -l -f ${join(dir, fa)} -g ${join(dir, gff)} 2>/dev/null`;
      let out: string;
      try {
        out = execSync(cmd, { encoding: 'utf8', shell: '/bin/sh', maxBuffer: 1 << 26 });
      } catch {
        continue; // a set bcftools itself rejects (e.g. REF mismatch by design)
      }
      const r = compareWithBcsq(out.split('\n'), transcripts, reader);
      compared += r.compared;
      agreed += r.agreed;
      disagreements.push(...r.disagreements.map((d) => ({ ...d, set: `${folder}/${vcf}` })));
    }
  }
  const rate = agreed / compared;
  t.diagnostic(`compared ${compared}, agreed ${agreed} (${(100 * rate).toFixed(2)}%)`);
  for (const d of disagreements.slice(0, 40)) t.diagnostic(`${d.set} ${d.record} ${d.transcript}: ours ${d.oursAll} vs ${d.bcftools}`);
  assert.ok(compared > 50, `only ${compared} pairs compared`);
  assert.ok(rate >= 0.85, `agreement ${(100 * rate).toFixed(2)}%`);
});
