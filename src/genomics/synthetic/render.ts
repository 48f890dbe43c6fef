/**
 * Renders a synthetic genome as Ensembl-style GFF3, GTF and FASTA text, line by line (generators),
 * so a 100 Mb genome streams to disk without building one giant string.
 *
 * The GFF3 follows Ensembl's release files, which is what `bcftools csq -g` expects (bcftools
 * csq.c reads `ID=gene:`/`ID=transcript:` prefixes, `Parent=transcript:`, `biotype`, and CDS
 * phase): gene → mRNA/lnc_RNA/NMD_transcript_variant → exon, CDS, five/three_prime_UTR.
 * The GTF follows Ensembl's GTF release files, which is what snpEff builds its databases from.
 */
import type { Interval, Strand, Transcript } from '../types.js';
import type { SyntheticGenome, SyntheticGene } from './genome.js';

export function* gff3Lines(genome: SyntheticGenome): Generator<string> {
  yield '##gff-version 3';
  for (const c of genome.contigs) yield `##sequence-region   ${c.name} 1 ${c.sequence.length}`;
  for (const gene of genome.genes) yield* geneLines(gene);
}

const TRANSCRIPT_TYPE: Record<string, string> = {
  protein_coding: 'mRNA',
  lncRNA: 'lnc_RNA',
  lincRNA: 'lnc_RNA',
  nonsense_mediated_decay: 'NMD_transcript_variant',
};

function* geneLines(gene: SyntheticGene): Generator<string> {
  const strand = gene.strand === 1 ? '+' : '-';
  const col = (type: string, iv: Interval, phase: string, attrs: string) =>
    `${gene.chrom}\tkiban\t${type}\t${iv.start0 + 1}\t${iv.end0}\t.\t${strand}\t${phase}\t${attrs}`;
  yield col('gene', gene, '.', `ID=gene:${gene.id};Name=${gene.name};biotype=${gene.biotype};gene_id=${gene.id}`);
  for (const t of gene.transcripts) {
    const tags = t.canonical ? ';tag=Ensembl_canonical' : '';
    const type = TRANSCRIPT_TYPE[t.biotype] ?? 'transcript';
    yield col(type, t, '.', `ID=transcript:${t.id};Parent=gene:${gene.id};Name=${gene.name}-${t.id};biotype=${t.biotype}${tags};transcript_id=${t.id}`);
    const parent = `Parent=transcript:${t.id}`;
    const txOrder = gene.strand === 1 ? t.exons : [...t.exons].reverse();
    const rank = new Map(txOrder.map((e, k) => [e, k + 1]));
    for (const e of t.exons) yield col('exon', e, '.', `${parent};Name=E${t.id.slice(1)}-${rank.get(e)};rank=${rank.get(e)}`);
    if (t.cds.length === 0) continue;
    const phases = cdsPhases(t);
    for (let k = 0; k < t.cds.length; k++) {
      const attrs = `ID=CDS:${t.proteinId};${parent};protein_id=${t.proteinId}`;
      yield col('CDS', t.cds[k] as Interval, String(phases[k]), attrs);
    }
    for (const [type, iv] of utrs(t)) yield col(type, iv, '.', parent);
  }
}

/** GFF3 phase of each CDS segment (ascending order): bases to skip to reach the next codon. */
function cdsPhases(t: Transcript): number[] {
  const order = t.strand === 1 ? t.cds.map((_, k) => k) : t.cds.map((_, k) => t.cds.length - 1 - k);
  const phases = new Array<number>(t.cds.length).fill(0);
  // A first segment with phase p begins p bases before a codon boundary.
  let offset = (3 - t.cdsStartPhase) % 3;
  for (const k of order) {
    phases[k] = (3 - (offset % 3)) % 3;
    const c = t.cds[k] as Interval;
    offset += c.end0 - c.start0;
  }
  return phases;
}

function* utrs(t: Transcript): Generator<[string, Interval]> {
  const cdsStart0 = (t.cds[0] as Interval).start0;
  const cdsEnd0 = (t.cds[t.cds.length - 1] as Interval).end0;
  const [left, right] = t.strand === 1 ? ['five_prime_UTR', 'three_prime_UTR'] : ['three_prime_UTR', 'five_prime_UTR'];
  for (const e of t.exons) {
    if (e.start0 < cdsStart0) yield [left, { start0: e.start0, end0: Math.min(e.end0, cdsStart0) }];
    if (e.end0 > cdsEnd0) yield [right, { start0: Math.max(e.start0, cdsEnd0), end0: e.end0 }];
  }
}

/**
 * Ensembl-style GTF 2.2 of the same gene models. GTF's CDS excludes the stop codon
 * (https://mblab.wustl.edu/GTF22.html), so the last three coding bases become `stop_codon`
 * features, split where the codon spans an intron.
 */
export function* gtfLines(genome: SyntheticGenome): Generator<string> {
  yield '#!genome-build kiban-synthetic';
  for (const gene of genome.genes) {
    const strand = gene.strand === 1 ? '+' : '-';
    const col = (type: string, iv: Interval, phase: string, attrs: string) =>
      `${gene.chrom}\tkiban\t${type}\t${iv.start0 + 1}\t${iv.end0}\t.\t${strand}\t${phase}\t${attrs}`;
    const geneAttrs = `gene_id "${gene.id}"; gene_name "${gene.name}"; gene_biotype "${gene.biotype}";`;
    yield col('gene', gene, '.', geneAttrs);
    for (const t of gene.transcripts) {
      const txAttrs = `${geneAttrs} transcript_id "${t.id}"; transcript_biotype "${t.biotype}";${t.canonical ? ' tag "Ensembl_canonical";' : ''}`;
      yield col('transcript', t, '.', txAttrs);
      const txOrder = gene.strand === 1 ? t.exons : [...t.exons].reverse();
      const rank = new Map(txOrder.map((e, k) => [e, k + 1]));
      for (const e of t.exons) yield col('exon', e, '.', `${txAttrs} exon_number "${rank.get(e)}";`);
      if (t.cds.length === 0) continue;
      const protein = ` protein_id "${t.proteinId}";`;
      const { coding, stop } = splitStopCodon(t);
      for (const { iv, phase } of coding) yield col('CDS', iv, String(phase), `${txAttrs}${protein}`);
      for (const { iv, phase } of startCodon(t)) yield col('start_codon', iv, String(phase), txAttrs);
      for (const { iv, phase } of stop) yield col('stop_codon', iv, String(phase), txAttrs);
      for (const [type, iv] of utrs(t)) yield col(type === 'five_prime_UTR' ? 'five_prime_utr' : 'three_prime_utr', iv, '.', txAttrs);
    }
  }
}

interface Phased {
  iv: Interval;
  phase: number;
}

/** CDS segments in transcript order, each with its GFF3/GTF phase. */
function codingInTxOrder(t: Transcript): Phased[] {
  const phases = cdsPhases(t);
  const ascending = t.cds.map((iv, k) => ({ iv, phase: phases[k] as number }));
  return t.strand === 1 ? ascending : ascending.reverse();
}

/**
 * Takes the first (or, `fromEnd`, the last) `n` coding bases in transcript order. Returns the
 * pieces taken (a codon split by an intron gives two, the second phased mid-codon) and the
 * segments left. Only `fromEnd` callers use the rest: cutting a segment's 3' end keeps its phase.
 */
function takeBases(segments: readonly Phased[], n: number, strand: Strand, fromEnd: boolean): { taken: Phased[]; rest: Phased[] } {
  const taken: Phased[] = [];
  const rest: Phased[] = [];
  let left = n;
  for (const s of fromEnd ? [...segments].reverse() : segments) {
    const len = s.iv.end0 - s.iv.start0;
    const take = Math.min(left, len);
    left -= take;
    if (take === 0) {
      rest.push(s);
      continue;
    }
    // Cutting at the 3' end of a plus-strand segment, or the 5' end of a minus-strand one, is its high end.
    const atHigh = (strand === 1) === fromEnd;
    taken.push({ iv: atHigh ? { start0: s.iv.end0 - take, end0: s.iv.end0 } : { start0: s.iv.start0, end0: s.iv.start0 + take }, phase: 0 });
    if (take < len) {
      rest.push({ iv: atHigh ? { start0: s.iv.start0, end0: s.iv.end0 - take } : { start0: s.iv.start0 + take, end0: s.iv.end0 }, phase: s.phase });
    }
  }
  if (fromEnd) taken.reverse();
  let done = 0;
  for (const p of taken) {
    p.phase = (3 - (done % 3)) % 3;
    done += p.iv.end0 - p.iv.start0;
  }
  return { taken, rest };
}

function ascending(pieces: Phased[]): Phased[] {
  return [...pieces].sort((a, b) => a.iv.start0 - b.iv.start0);
}

function splitStopCodon(t: Transcript): { coding: Phased[]; stop: Phased[] } {
  const segments = codingInTxOrder(t);
  if (t.tags.includes('cds_end_NF')) return { coding: ascending(segments), stop: [] };
  const { taken, rest } = takeBases(segments, 3, t.strand, true);
  return { coding: ascending(rest), stop: ascending(taken) };
}

function startCodon(t: Transcript): Phased[] {
  if (t.tags.includes('cds_start_NF') || t.cdsStartPhase !== 0) return [];
  return ascending(takeBases(codingInTxOrder(t), 3, t.strand, false).taken);
}

/** FASTA with 60 bases per line, contig names as the whole header (as bcftools and samtools faidx expect). */
export function* fastaLines(genome: SyntheticGenome, lineWidth = 60): Generator<string> {
  for (const c of genome.contigs) {
    yield `>${c.name}`;
    for (let i = 0; i < c.sequence.length; i += lineWidth) yield c.sequence.slice(i, i + lineWidth);
  }
}
