/**
 * Random VCF records against a synthetic genome: SNVs, MNPs, insertions, deletions and
 * multi-allelic records, with about a third aimed at splice sites and start/stop codons, where
 * annotators disagree most. REF always matches the genome and positions are sorted, so the text
 * is valid input for bcftools. Lines are generated one at a time (1M records stream in bounded memory).
 */
import type { Interval, Transcript } from '../types.js';
import type { SyntheticGenome } from './genome.js';
import { Prng } from './prng.js';

export interface SyntheticVcfOptions {
  seed: number;
  /** Total number of records across all contigs. */
  count: number;
  /** Sample columns with GT:AD:DP:GQ. Default 0 (sites-only). */
  samples?: number;
  /** Fraction of records placed at splice sites, start and stop codons. Default 0.35. */
  targetedFraction?: number;
}

const BASES = ['A', 'C', 'G', 'T'];

export function* vcfLines(genome: SyntheticGenome, options: SyntheticVcfOptions): Generator<string> {
  const rng = new Prng(options.seed);
  const nSamples = options.samples ?? 0;
  yield '##fileformat=VCFv4.2';
  for (const c of genome.contigs) yield `##contig=<ID=${c.name},length=${c.sequence.length}>`;
  if (nSamples > 0) {
    yield '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">';
    yield '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">';
    yield '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">';
    yield '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">';
  }
  const sampleNames = Array.from({ length: nSamples }, (_, k) => `\tS${k + 1}`).join('');
  yield `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO${nSamples > 0 ? '\tFORMAT' : ''}${sampleNames}`;
  const totalBp = genome.contigs.reduce((a, c) => a + c.sequence.length, 0);
  let remaining = options.count;
  for (let k = 0; k < genome.contigs.length; k++) {
    const contig = genome.contigs[k];
    if (!contig) continue;
    const n = k === genome.contigs.length - 1 ? remaining : Math.round((options.count * contig.sequence.length) / totalBp);
    remaining -= n;
    const txs = genome.transcripts.filter((t) => t.chrom === contig.name);
    const positions = pickPositions(rng.fork(k), contig.sequence.length, txs, n, options.targetedFraction ?? 0.35);
    const vrng = rng.fork(100 + k);
    for (const pos0 of positions) {
      const rec = makeRecord(vrng, contig.sequence, pos0);
      if (!rec) continue;
      const samples = nSamples > 0 ? `\tGT:AD:DP:GQ${sampleColumns(vrng, nSamples, rec.alts.length)}` : '';
      yield `${contig.name}\t${pos0 + 1}\t.\t${rec.ref}\t${rec.alts.join(',')}\t50\tPASS\t.${samples}`;
    }
  }
}

/** Sorted, distinct 0-based positions, leaving room at the contig ends for long REF alleles. */
function pickPositions(rng: Prng, lengthBp: number, txs: Transcript[], n: number, targeted: number): Float64Array {
  const hotspots = txs.length > 0 ? txs.flatMap(hotspotsOf) : [];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let p0: number;
    if (hotspots.length > 0 && rng.chance(targeted)) p0 = rng.pick(hotspots) + rng.int(-10, 10);
    else p0 = rng.int(1, lengthBp - 2);
    out[i] = Math.min(Math.max(p0, 1), lengthBp - 80);
  }
  // Hotspot draws collide; top up with uniform positions until n are distinct.
  for (let round = 0; round < 20; round++) {
    out.sort();
    let w = 0;
    for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[w - 1]) out[w++] = out[i] as number;
    if (w === n || w >= lengthBp - 100) return out.subarray(0, w);
    for (let i = w; i < n; i++) out[i] = rng.int(1, lengthBp - 80);
  }
  return out;
}

/** Exon boundaries (splice sites) and the first/last CDS bases (start and stop codons). */
function hotspotsOf(t: Transcript): number[] {
  const spots: number[] = [];
  for (const e of t.exons as Interval[]) spots.push(e.start0, e.end0);
  const first = t.cds[0];
  const last = t.cds[t.cds.length - 1];
  if (first && last) spots.push(first.start0, last.end0 - 3);
  return spots;
}

interface Rec {
  ref: string;
  alts: string[];
}

function makeRecord(rng: Prng, seq: string, pos0: number): Rec | undefined {
  const r = rng.next();
  const base = seq[pos0] as string;
  if (base === 'N') return undefined;
  if (r < 0.55) return { ref: base, alts: [otherBase(rng, base)] };
  if (r < 0.62) {
    const ref = seq.slice(pos0, pos0 + rng.int(2, 3));
    return { ref, alts: [[...ref].map((b) => otherBase(rng, b)).join('')] };
  }
  if (r < 0.75) return { ref: base, alts: [base + randomBases(rng, insertLength(rng))] };
  if (r < 0.92) {
    const len = rng.chance(0.01) ? rng.int(100, 2000) : rng.int(1, 12);
    const ref = seq.slice(pos0, pos0 + 1 + len);
    if (ref.length < len + 1) return undefined;
    return { ref, alts: [base] };
  }
  return multiAllelic(rng, seq, pos0);
}

/** Two ALTs of mixed kinds sharing one REF, as callers emit at multi-allelic sites. */
function multiAllelic(rng: Prng, seq: string, pos0: number): Rec {
  const delLen = rng.int(1, 6);
  const ref = seq.slice(pos0, pos0 + 1 + delLen);
  const first = ref[0] as string;
  const candidates = [
    otherBase(rng, first) + ref.slice(1),
    first,
    first + randomBases(rng, insertLength(rng)) + ref.slice(1),
    ref.slice(0, 1 + rng.int(0, delLen - 1)) + ref.slice(1 + delLen) ,
  ];
  const a = rng.pick(candidates);
  let b = rng.pick(candidates);
  if (b === a) b = otherBase(rng, first) + ref.slice(1);
  const alts = a === b ? [a] : [a, b];
  return { ref, alts: alts.filter((x) => x !== ref).length > 0 ? alts.filter((x) => x !== ref) : [first] };
}

function insertLength(rng: Prng): number {
  return rng.chance(0.5) ? rng.int(1, 3) : rng.int(1, 15);
}

function otherBase(rng: Prng, base: string): string {
  const b = BASES[(BASES.indexOf(base) + rng.int(1, 3)) % 4] as string;
  return BASES.includes(base) ? b : 'A';
}

function randomBases(rng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += BASES[Math.floor(rng.next() * 4)];
  return s;
}

function sampleColumns(rng: Prng, nSamples: number, nAlts: number): string {
  let out = '';
  for (let s = 0; s < nSamples; s++) {
    const a = rng.int(0, nAlts);
    const b = rng.chance(0.3) ? a : rng.int(0, nAlts);
    const gt = a <= b ? `${a}/${b}` : `${b}/${a}`;
    const dp = rng.int(10, 60);
    const altDepth = gt === '0/0' ? 0 : Math.floor(dp / 2);
    const ad = [dp - altDepth * nAlts >= 0 ? dp - altDepth * nAlts : 0, ...Array.from({ length: nAlts }, () => altDepth)];
    out += `\t${gt}:${ad.join(',')}:${dp}:${rng.int(20, 99)}`;
  }
  return out;
}
