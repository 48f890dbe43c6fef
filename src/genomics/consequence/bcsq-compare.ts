/**
 * Compares this engine with `bcftools csq -l` (BCSQ INFO) per record and transcript, for the
 * concordance tests. Pure: takes VCF text lines that bcftools wrote and returns tallies.
 *
 * bcftools reports intron variants per gene (empty transcript field) and no up/downstream or
 * intergenic terms, so only pairs where bcftools made a call are compared, and a gene-level
 * intron call stands for every transcript of the gene that the variant lies within.
 */
import { normalizeRecord } from '../normalize/index.js';
import type { SequenceReader, Transcript } from '../types.js';
import { annotateAllele } from './annotate.js';
import { TranscriptCache } from './prepare.js';
import { severityRank, type SoTerm } from './terms.js';

const SO_TO_BCSQ: Partial<Record<SoTerm, string>> = {
  splice_acceptor_variant: 'splice_acceptor',
  splice_donor_variant: 'splice_donor',
  stop_gained: 'stop_gained',
  frameshift_variant: 'frameshift',
  stop_lost: 'stop_lost',
  start_lost: 'start_lost',
  inframe_insertion: 'inframe_insertion',
  inframe_deletion: 'inframe_deletion',
  missense_variant: 'missense',
  protein_altering_variant: 'inframe_altering',
  splice_region_variant: 'splice_region',
  // bcftools' splice_region covers VEP's donor region (+3..+6) and its 5th base.
  splice_donor_5th_base_variant: 'splice_region',
  splice_donor_region_variant: 'splice_region',
  start_retained_variant: 'start_retained',
  stop_retained_variant: 'stop_retained',
  synonymous_variant: 'synonymous',
  coding_sequence_variant: 'coding_sequence',
  '5_prime_UTR_variant': '5_prime_utr',
  '3_prime_UTR_variant': '3_prime_utr',
  non_coding_transcript_exon_variant: 'non_coding',
  intron_variant: 'intron',
  non_coding_transcript_variant: 'intron',
  transcript_ablation: 'transcript_ablation',
};

/** BCSQ terms in our severity order (the SO order mapped through SO_TO_BCSQ). */
const BCSQ_RANK = new Map<string, number>();
for (const [so, b] of Object.entries(SO_TO_BCSQ)) if (!BCSQ_RANK.has(b)) BCSQ_RANK.set(b, severityRank(so as SoTerm));

export function mostSevereBcsq(terms: string[]): string {
  return [...terms].sort((a, b) => (BCSQ_RANK.get(a) ?? 99) - (BCSQ_RANK.get(b) ?? 99))[0] ?? '';
}

export interface Disagreement {
  record: string;
  transcript: string;
  ours: string;
  bcftools: string;
  oursAll: string;
}

export interface Concordance {
  compared: number;
  agreed: number;
  disagreements: Disagreement[];
}

/**
 * `vcfLines`: bcftools csq output of a split (one ALT per record) VCF; or, with `tag` 'EXP', a
 * bcftools csq test-suite VCF, whose INFO/EXP holds the curated expectation in BCSQ's form.
 */
export function compareWithBcsq(vcfLines: Iterable<string>, transcripts: readonly Transcript[], reader: SequenceReader, tag = 'BCSQ'): Concordance {
  const pattern = new RegExp(`(?:^|;)${tag}=([^;]+)`);
  const cache = new TranscriptCache();
  const result: Concordance = { compared: 0, agreed: 0, disagreements: [] };
  const byChrom = new Map<string, Transcript[]>();
  for (const t of transcripts) byChrom.set(t.chrom, [...(byChrom.get(t.chrom) ?? []), t]);
  for (const line of vcfLines) {
    if (line.startsWith('#') || line === '') continue;
    const [chrom = '', pos = '', , ref = '', alt = '', , , info = ''] = line.split('\t');
    // EXPL: the set's expectation for bcftools' --local-csq mode (no haplotype), which is ours.
    const bcsq = (tag === 'EXP' ? /(?:^|;)EXPL=([^;]+)/.exec(info)?.[1] : undefined) ?? pattern.exec(info)?.[1];
    // '.': no consequence expected; '@POS': the consequence is given at another (compound) record.
    if (!bcsq || bcsq === '.' || bcsq.startsWith('@') || alt.includes(',')) continue;
    const pos1 = Number(pos);
    const [allele] = normalizeRecord({ chrom, pos1, ref, alts: [alt] }, reader);
    if (!allele || allele.kind === 'symbolic' || allele.kind === 'ref') continue;
    const near = (byChrom.get(chrom) ?? []).filter((t) => t.start0 - 5000 < pos1 + ref.length && t.end0 + 5000 > pos1);
    const ours = new Map(annotateAllele(allele, near.map((t) => cache.prepare(t)), reader).map((c) => [c.transcript.id, c]));
    const theirs = parseBcsq(bcsq, near, ours);
    for (const [txId, terms] of theirs) {
      const mine = ours.get(txId);
      // bcftools 1.16 calls any hit on a non-coding transcript non_coding, with no splice or
      // intron terms; VEP (and we) report splice_*, intron_variant & non_coding_transcript_variant.
      const nonCoding = mine !== undefined && mine.transcript.cds.length === 0;
      const mineTerms = nonCoding ? ['non_coding'] : (mine?.terms ?? []).flatMap((t) => SO_TO_BCSQ[t] ?? []);
      const a = mostSevereBcsq(mineTerms);
      const b = mostSevereBcsq(terms);
      result.compared++;
      if (a === b) result.agreed++;
      else result.disagreements.push({ record: `${chrom}:${pos} ${ref}>${alt}`, transcript: txId, ours: a, bcftools: b, oursAll: (mine?.terms ?? []).join('&') });
    }
  }
  return result;
}

/** Transcript id → BCSQ terms. Gene-level intron calls are given to each transcript of the gene containing the variant. */
function parseBcsq(bcsq: string, near: Transcript[], ours: Map<string, { terms: SoTerm[]; transcript: Transcript }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (tx: string, terms: string[]) => out.set(tx, [...(out.get(tx) ?? []), ...terms]);
  const geneLevel: [string, string[]][] = [];
  for (const entry of bcsq.split(',')) {
    const [csq = '', gene = '', tx = ''] = entry.split('|');
    const terms = csq.replace(/^\*/, '').split('&');
    if (tx) add(tx, terms);
    else if (gene) geneLevel.push([gene, terms]);
  }
  for (const [gene, terms] of geneLevel) {
    for (const t of near) {
      // Gene-level intron calls cover the gene's coding transcripts; bcftools reports
      // non-coding transcripts on their own (non_coding) or not at all.
      if (t.geneName !== gene || out.has(t.id) || t.cds.length === 0) continue;
      const mine = ours.get(t.id);
      if (mine && !mine.terms.some((x) => x === 'upstream_gene_variant' || x === 'downstream_gene_variant')) add(t.id, terms);
    }
  }
  return out;
}
