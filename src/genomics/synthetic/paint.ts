/**
 * Paints one planned gene onto a contig: a real ORF for coding transcripts, GT…AG introns, and
 * the Transcript models that describe it. Works in transcript orientation and maps each base to
 * the genome, so minus-strand genes are written as reverse complements.
 */
import type { Interval, Strand, Transcript } from '../types.js';
import type { Prng } from './prng.js';
import type { SyntheticGene } from './genome.js';

export interface GenePlan {
  number: number;
  chrom: string;
  strand: Strand;
  /** Ascending, non-overlapping, separated by introns. */
  exons: Interval[];
  nonCoding: boolean;
  nonCodingBiotype: string;
  secondTranscript: boolean;
}

const CODE = { A: 65, C: 67, G: 71, T: 84 } as const;
const COMP: Record<number, number> = { 65: 84, 67: 71, 71: 67, 84: 65 };
const SENSE_CODONS = allCodons().filter((c) => c !== 'TAA' && c !== 'TAG' && c !== 'TGA');

function allCodons(): string[] {
  const b = ['A', 'C', 'G', 'T'];
  return b.flatMap((x) => b.flatMap((y) => b.map((z) => x + y + z)));
}

export function paintGene(seq: Uint8Array, plan: GenePlan, rng: Prng): SyntheticGene {
  const geneId = `G${String(plan.number).padStart(6, '0')}`;
  const geneName = `SYN${plan.number}`;
  const txExons = plan.strand === 1 ? plan.exons : [...plan.exons].reverse();
  paintSpliceSites(seq, txExons, plan.strand);
  const exonLengthBp = plan.exons.reduce((a, e) => a + e.end0 - e.start0, 0);
  const base = { geneId, geneName, chrom: plan.chrom, strand: plan.strand, cdsStartPhase: 0, tags: [] as string[] };
  const first = plan.exons[0] as Interval;
  const last = plan.exons[plan.exons.length - 1] as Interval;
  const span = { start0: first.start0, end0: last.end0 };
  const txId = (iso: number) => `T${String(plan.number * 2 - 1 + iso).padStart(6, '0')}`;
  const transcripts: Transcript[] = [];

  let cds: Interval[] = [];
  let orf: { utr5: number; cdsLen: number } | undefined;
  if (!plan.nonCoding && exonLengthBp >= 30) {
    const utr5 = rng.int(0, Math.min(150, Math.floor(exonLengthBp / 4)));
    const utr3 = rng.int(0, Math.min(200, Math.floor(exonLengthBp / 4)));
    const cdsLen = Math.floor((exonLengthBp - utr5 - utr3) / 3) * 3;
    orf = { utr5, cdsLen };
    paintOrf(seq, txExons, plan.strand, utr5, cdsLen, rng);
    cds = txRangeToGenomic(txExons, plan.strand, utr5, utr5 + cdsLen);
  }
  const coding = orf !== undefined;
  const biotype = coding ? 'protein_coding' : plan.nonCodingBiotype;
  const proteinId = (iso: number) => `P${String(plan.number * 2 - 1 + iso).padStart(6, '0')}`;
  transcripts.push({
    ...base,
    id: txId(0),
    biotype,
    ...span,
    exons: plan.exons,
    cds,
    ...(coding ? { proteinId: proteinId(0) } : {}),
    canonical: true,
  });
  if (plan.secondTranscript) {
    const second = secondIsoform(plan, txExons, orf, rng);
    if (second) {
      const exons = second.exons;
      const s0 = (exons[0] as Interval).start0;
      const e0 = (exons[exons.length - 1] as Interval).end0;
      transcripts.push({
        ...base,
        id: txId(1),
        biotype: second.biotype,
        start0: s0,
        end0: e0,
        exons,
        cds: second.cds,
        ...(second.cds.length > 0 ? { proteinId: proteinId(1) } : {}),
        canonical: false,
      });
    }
  }
  return { id: geneId, name: geneName, biotype, chrom: plan.chrom, strand: plan.strand, ...span, transcripts };
}

/** GT at each intron's 5' end and AG at its 3' end, in transcript orientation. */
function paintSpliceSites(seq: Uint8Array, txExons: Interval[], strand: Strand): void {
  for (let k = 0; k + 1 < txExons.length; k++) {
    const a = txExons[k] as Interval;
    const b = txExons[k + 1] as Interval;
    if (strand === 1) {
      seq.set([CODE.G, CODE.T], a.end0);
      seq.set([CODE.A, CODE.G], b.start0 - 2);
    } else {
      seq.set([CODE.A, CODE.C], a.start0 - 2); // reverse complement of GT
      seq.set([CODE.C, CODE.T], b.end0); // reverse complement of AG
    }
  }
}

function paintOrf(seq: Uint8Array, txExons: Interval[], strand: Strand, utr5: number, cdsLen: number, rng: Prng): void {
  const codons = ['ATG'];
  for (let n = 6; n < cdsLen; n += 3) codons.push(rng.pick(SENSE_CODONS));
  codons.push(rng.pick(['TAA', 'TAG', 'TGA']));
  const orf = codons.join('');
  let offset = 0;
  for (const e of txExons) {
    const len = e.end0 - e.start0;
    for (let i = Math.max(0, utr5 - offset); i < len && offset + i < utr5 + cdsLen; i++) {
      const b = orf.charCodeAt(offset + i - utr5);
      if (strand === 1) seq[e.start0 + i] = b;
      else seq[e.end0 - 1 - i] = COMP[b] as number;
    }
    offset += len;
  }
}

/** Genomic 0-based position of a 0-based transcript offset. */
export function txToGenomic(txExons: readonly Interval[], strand: Strand, offset: number): number {
  let rest = offset;
  for (const e of txExons) {
    const len = e.end0 - e.start0;
    if (rest < len) return strand === 1 ? e.start0 + rest : e.end0 - 1 - rest;
    rest -= len;
  }
  throw new RangeError(`transcript offset ${offset} beyond the last exon`);
}

/** The genomic pieces (ascending) of the transcript range [from, to). */
function txRangeToGenomic(txExons: readonly Interval[], strand: Strand, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let offset = 0;
  for (const e of txExons) {
    const len = e.end0 - e.start0;
    const s = Math.max(from, offset) - offset;
    const t = Math.min(to, offset + len) - offset;
    if (s < t) out.push(strand === 1 ? { start0: e.start0 + s, end0: e.start0 + t } : { start0: e.end0 - t, end0: e.end0 - s });
    offset += len;
  }
  return out.sort((x, y) => x.start0 - y.start0);
}

interface Isoform {
  biotype: string;
  exons: Interval[];
  cds: Interval[];
}

function secondIsoform(
  plan: GenePlan,
  txExons: Interval[],
  orf: { utr5: number; cdsLen: number } | undefined,
  rng: Prng,
): Isoform | undefined {
  if (!orf) {
    if (plan.exons.length < 2) return undefined;
    return { biotype: plan.nonCodingBiotype, exons: plan.exons.slice(0, -1), cds: [] };
  }
  const skip = skippableExon(txExons, orf);
  if (skip !== undefined && rng.chance(0.7)) {
    const kept = txExons.filter((_, k) => k !== skip);
    const cdsEnd = orf.utr5 + orf.cdsLen - (txExons[skip] as Interval).end0 + (txExons[skip] as Interval).start0;
    const cds = txRangeToGenomic(kept, plan.strand, orf.utr5, cdsEnd);
    return { biotype: 'protein_coding', exons: [...kept].sort((a, b) => a.start0 - b.start0), cds };
  }
  if (rng.chance(0.5)) return { biotype: 'processed_transcript', exons: plan.exons, cds: [] };
  const cds = txRangeToGenomic(txExons, plan.strand, orf.utr5, orf.utr5 + orf.cdsLen);
  return { biotype: 'nonsense_mediated_decay', exons: plan.exons, cds };
}

/** An internal exon wholly inside the CDS, a multiple of 3 long and starting at phase 0: skipping it keeps the ORF. */
function skippableExon(txExons: Interval[], orf: { utr5: number; cdsLen: number }): number | undefined {
  let offset = 0;
  for (let k = 0; k < txExons.length; k++) {
    const e = txExons[k] as Interval;
    const len = e.end0 - e.start0;
    const inside = offset >= orf.utr5 + 3 && offset + len <= orf.utr5 + orf.cdsLen - 3;
    if (k > 0 && k < txExons.length - 1 && inside && len % 3 === 0 && (offset - orf.utr5) % 3 === 0) return k;
    offset += len;
  }
  return undefined;
}
