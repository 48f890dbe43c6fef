/**
 * How long a worker takes to load a whole-genome transcript table from a reference bundle:
 * 250,000 transcripts shaped like Ensembl's (GRCh38 release 113 has ~252k, mean ~6.5 exons),
 * encoded as transcripts.kbt, then read, gunzipped, indexed (docs/reference-bundle.md).
 *
 *   node --import tsx bench/annotate-bundle-load.ts
 */
import { spawnSync } from 'node:child_process';
import { describeMachine } from './machine.js';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTranscripts, TranscriptStore } from '../src/annotation/transcript-codec.js';
import { TranscriptIndex } from '../src/annotation/transcript-index.js';
import { Prng } from '../src/genomics/synthetic/index.js';
import type { Interval, Transcript } from '../src/genomics/types.js';

const COUNT = 250_000;

/** Load and index in this (fresh) process, as a worker does at start, and print the timings. */
function loadOnce(file: string): void {
  const t = performance.now();
  const bytes = readFileSync(file);
  const readMs = performance.now() - t;
  const store = new TranscriptStore(bytes);
  const storeMs = performance.now() - t - readMs;
  const index = new TranscriptIndex(store);
  const totalMs = performance.now() - t;
  const q = performance.now();
  let hits = 0;
  for (let k = 0; k < 100_000; k++) hits += index.overlapping(`chr${1 + (k % 24)}`, k * 100, k * 100 + 10_001).length;
  const queryUs = ((performance.now() - q) / 100_000) * 1000;
  console.log(
    `load ${totalMs.toFixed(0)} ms (read ${readMs.toFixed(0)}, decode ${storeMs.toFixed(0)}, index ${(totalMs - readMs - storeMs).toFixed(0)}); ` +
      `overlap query ${queryUs.toFixed(2)} µs (${hits} hits); RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
}

function generate(): Transcript[] {
  const rng = new Prng(1);
  const transcripts: Transcript[] = [];
  for (let i = 0; i < COUNT; i++) {
    const chrom = `chr${1 + (i % 24)}`;
    const start0 = Math.floor(i / 24) * 12_000 + rng.int(0, 5000);
    const nExons = 1 + rng.int(0, 12);
    const exons: Interval[] = [];
    let p = start0;
    for (let e = 0; e < nExons; e++) {
      const len = 50 + rng.int(0, 300);
      exons.push({ start0: p, end0: p + len });
      p += len + 200 + rng.int(0, 3000);
    }
    const coding = rng.int(0, 10) < 6;
    const cds = coding ? exons.slice(1, Math.max(2, nExons - 1)).map((iv) => ({ ...iv })) : [];
    transcripts.push({
      id: `ENST${String(i).padStart(11, '0')}`,
      geneId: `ENSG${String(Math.floor(i / 4)).padStart(11, '0')}`,
      geneName: `GENE${Math.floor(i / 4)}`,
      biotype: coding ? 'protein_coding' : 'lncRNA',
      chrom,
      strand: i % 2 === 0 ? 1 : -1,
      start0,
      end0: exons[exons.length - 1]!.end0,
      exons,
      cds,
      ...(coding ? { proteinId: `ENSP${String(i).padStart(11, '0')}` } : {}),
      cdsStartPhase: 0,
      canonical: i % 4 === 0,
      tags: i % 4 === 0 ? ['basic', 'Ensembl_canonical'] : ['basic'],
    });
  }
  return transcripts;
}

const loadArg = process.argv.indexOf('--load');
if (loadArg >= 0) {
  loadOnce(process.argv[loadArg + 1]!);
} else {
  console.log('command: node --import tsx bench/annotate-bundle-load.ts');
  console.log(describeMachine());
  const transcripts = generate();
  const file = join(tmpdir(), `kiban-bench-transcripts-${process.pid}.kbt`);
  const t = performance.now();
  const encoded = encodeTranscripts(transcripts);
  writeFileSync(file, encoded);
  const exonCount = transcripts.reduce((n, x) => n + x.exons.length, 0);
  console.log(`${COUNT} transcripts, ${exonCount} exons: transcripts.kbt ${(encoded.length / 2 ** 20).toFixed(1)} MiB, encoded in ${(performance.now() - t).toFixed(0)} ms`);
  const self = fileURLToPath(import.meta.url);
  for (let run = 1; run <= 3; run++) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--load', file], { encoding: 'utf8' });
    process.stdout.write(`run ${run} (fresh process): ${child.stdout}${child.stderr}`);
  }
  rmSync(file);
}
