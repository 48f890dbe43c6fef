/**
 * Deterministic synthetic genomes: random contigs with genes painted on both strands, so that
 * tests and benchmarks have exact, known gene models and never need a parser or shared data.
 * Coding transcripts are real ORFs (ATG … stop, no premature in-frame stop), so every consequence
 * class is reachable, and splice sites carry GT…AG as real introns do.
 */
import type { Interval, SequenceReader, Strand, Transcript } from '../types.js';
import { invalidInput } from '../../errors.js';
import { Prng } from './prng.js';
import { paintGene, type GenePlan } from './paint.js';

export interface SyntheticGenomeOptions {
  seed: number;
  /** Number of contigs, named chr1…chrN. Default 2. */
  contigs?: number;
  /** Length of each contig. Default 200 kb; use ~50 Mb × 2+ for benchmark-scale genomes. */
  contigLengthBp?: number;
  /** Mean gene density. Default 40 per Mb (dense, so that most variants hit a gene). */
  genesPerMb?: number;
  /** Fraction of genes with a second transcript. Default 0.3. */
  twoTranscriptFraction?: number;
  /** Fraction of genes that are non-coding. Default 0.15. */
  nonCodingFraction?: number;
  /**
   * Biotype of non-coding genes. Default lncRNA (Ensembl ≥ 94); bcftools 1.16 ignores lncRNA
   * transcripts, so its concordance test asks for lincRNA, which it knows.
   */
  nonCodingBiotype?: string;
}

export interface SyntheticContig {
  name: string;
  sequence: string;
}

export interface SyntheticGene {
  id: string;
  name: string;
  biotype: string;
  chrom: string;
  strand: Strand;
  start0: number;
  end0: number;
  transcripts: Transcript[];
}

export interface SyntheticGenome {
  contigs: SyntheticContig[];
  genes: SyntheticGene[];
  /** All transcripts, sorted by contig order then start0. */
  transcripts: Transcript[];
  reader: SequenceReader;
}

export function generateGenome(options: SyntheticGenomeOptions): SyntheticGenome {
  const rng = new Prng(options.seed);
  const nContigs = options.contigs ?? 2;
  const lengthBp = options.contigLengthBp ?? 200_000;
  const contigs: SyntheticContig[] = [];
  const genes: SyntheticGene[] = [];
  const counter = { gene: 0 };
  for (let c = 1; c <= nContigs; c++) {
    const name = `chr${c}`;
    const seq = randomSequence(rng.fork(c), lengthBp);
    const plans = layoutGenes(rng.fork(1000 + c), name, lengthBp, options, counter);
    for (const plan of plans) genes.push(paintGene(seq, plan, rng.fork(counter.gene)));
    contigs.push({ name, sequence: asciiString(seq) });
  }
  const transcripts = genes.flatMap((g) => g.transcripts);
  return { contigs, genes, transcripts, reader: memoryReader(contigs) };
}

/**
 * Random bases with short tandem repeats mixed in (about one per 200 bp), so left-alignment has
 * something to do. Each 32-bit draw yields 15 bases (2 bits each) plus a repeat check, which
 * keeps a 100 Mb genome to a few seconds (one draw per base took 22 s).
 */
function randomSequence(rng: Prng, lengthBp: number): Uint8Array {
  const bases = [65, 67, 71, 84];
  const seq = new Uint8Array(lengthBp);
  let i = 0;
  while (i < lengthBp) {
    let bits = rng.uint32();
    if ((bits & 0xf) === 0 && (bits & 0x30) === 0) {
      const unit = Array.from({ length: rng.int(1, 4) }, () => rng.pick(bases));
      const copies = rng.int(3, 10);
      for (let k = 0; k < copies; k++) for (const b of unit) if (i < lengthBp) seq[i++] = b;
      continue;
    }
    bits >>>= 2;
    for (let k = 0; k < 15 && i < lengthBp; k++, bits >>>= 2) seq[i++] = bases[bits & 3] as number;
  }
  return seq;
}

function layoutGenes(
  rng: Prng,
  chrom: string,
  lengthBp: number,
  options: SyntheticGenomeOptions,
  counter: { gene: number },
): GenePlan[] {
  const meanGapBp = Math.max(500, 1e6 / (options.genesPerMb ?? 40) - 8000);
  const plans: GenePlan[] = [];
  let cursor0 = rng.int(200, 3000);
  for (;;) {
    const nonCoding = rng.chance(options.nonCodingFraction ?? 0.15);
    const nExons = nonCoding ? rng.int(1, 5) : rng.int(1, 15);
    const exonLengths = Array.from({ length: nExons }, (_, k) =>
      k === 0 || k === nExons - 1 ? rng.int(40, 400) : rng.int(30, 250),
    );
    const intronLengths = Array.from({ length: nExons - 1 }, () => rng.int(40, 1500));
    const spanBp = exonLengths.reduce((a, b) => a + b, 0) + intronLengths.reduce((a, b) => a + b, 0);
    if (cursor0 + spanBp + 200 > lengthBp) break;
    counter.gene++;
    const exons: Interval[] = [];
    let p0 = cursor0;
    for (let k = 0; k < nExons; k++) {
      exons.push({ start0: p0, end0: p0 + (exonLengths[k] as number) });
      p0 += (exonLengths[k] as number) + (intronLengths[k] ?? 0);
    }
    plans.push({
      number: counter.gene,
      chrom,
      strand: rng.chance(0.5) ? 1 : -1,
      exons,
      nonCoding,
      nonCodingBiotype: options.nonCodingBiotype ?? 'lncRNA',
      secondTranscript: rng.chance(options.twoTranscriptFraction ?? 0.3),
    });
    cursor0 = p0 + rng.int(50, Math.floor(2 * meanGapBp));
  }
  return plans;
}

/** Bytes to a one-byte-per-char string; TextDecoder('latin1') takes ~10 s per 50 Mb, Buffer ~0.1 s. */
function asciiString(seq: Uint8Array): string {
  return Buffer.from(seq.buffer, seq.byteOffset, seq.length).toString('latin1');
}

/** An in-memory SequenceReader over the generated contigs. */
export function memoryReader(contigs: readonly SyntheticContig[]): SequenceReader {
  const byName = new Map(contigs.map((c) => [c.name, c.sequence]));
  return {
    fetch(chrom, start0, end0) {
      const seq = byName.get(chrom);
      if (seq === undefined) throw invalidInput('UNKNOWN_CONTIG', `unknown contig ${chrom}`, { field: 'chrom' });
      if (start0 < 0 || end0 > seq.length || start0 > end0) {
        throw invalidInput('RANGE_OUTSIDE_CONTIG', `${chrom}:${start0}-${end0} lies outside the contig (length ${seq.length})`, {
          field: 'range',
        });
      }
      return seq.slice(start0, end0);
    },
    contigLength(chrom) {
      return byName.get(chrom)?.length;
    },
  };
}
