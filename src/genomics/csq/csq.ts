/**
 * VEP's VCF output convention (INFO/CSQ): one `|`-separated entry per allele × transcript, entries
 * joined by `,`, multiple terms joined by `&`, and the field list in the header's Description
 * (`Format: Allele|Consequence|…`), which is what `bcftools +split-vep` reads.
 * https://www.ensembl.org/info/docs/tools/vep/vep_formats.html#vcfout
 */
import type { PreparedTranscript, TranscriptConsequence } from '../consequence/index.js';
import { annotateTranscript, TranscriptCache, toMinimal, UP_DOWN_DISTANCE_BP, type MinimalVariant } from '../consequence/index.js';
import { deepIntronHgvsc, deepIntronSnv, deepIntronTerms } from '../consequence/annotate.js';
import { predictedForm } from '../consequence/hgvsp.js';
import type { Allele, SequenceReader, Transcript } from '../types.js';

export const CSQ_FIELDS: readonly string[] = [
  'Allele', 'Consequence', 'IMPACT', 'SYMBOL', 'Gene', 'Feature_type', 'Feature', 'BIOTYPE', 'EXON', 'INTRON',
  'HGVSc', 'HGVSp', 'cDNA_position', 'CDS_position', 'Protein_position', 'Amino_acids', 'Codons', 'DISTANCE',
  'STRAND', 'CANONICAL',
];

/** The `##INFO=<ID=CSQ…>` line; pass CSQ_FIELDS plus any extra fields (ClinVar_CLNSIG, gnomAD_AF…), in entry order. */
export function csqHeaderLine(fields: readonly string[] = CSQ_FIELDS): string {
  return `##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Kiban. Format: ${fields.join('|')}">`;
}

/**
 * VEP's Allele column: without the VCF anchor base when REF and ALT share their first base, `-`
 * for a deletion (VEP strips the base only if every allele of the record shares it; records are
 * split before annotation, so REF and this ALT decide).
 */
export function vepAllele(ref: string, alt: string): string {
  if (ref.length > 1 || alt.length > 1) {
    if (ref[0] === alt[0]) return alt.slice(1) || '-';
  }
  return alt;
}

/** A CSQ value: VEP replaces `,` and `|` with `&`, `;` and `=` with %3B/%3D, and whitespace with `_`. */
export function csqValue(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // Fast path: almost no value needs escaping. A char scan, not a regex test: four replace()
  // calls per field were 25% of annotation time in a 100k-variant profile, the regex test 3%.
  if (!needsEscape(value)) return value;
  return value.replace(/[,|]/g, '&').replace(/;/g, '%3B').replace(/=/g, '%3D').replace(/\s/g, '_');
}

function needsEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // , | ; = and the characters \s matches below 128 (tab … CR, space); above 127 let the regex decide.
    if (c === 44 || c === 124 || c === 59 || c === 61 || c === 32 || (c >= 9 && c <= 13) || c > 127) return true;
  }
  return false;
}

/** Fields 3–7 and 18–19 of a transcript's entries, escaped once per prepared transcript. */
function identity(p: PreparedTranscript): string {
  if (p.csqIdentity === undefined) {
    const t = p.transcript;
    p.csqIdentity = `${csqValue(t.geneName)}|${csqValue(t.geneId)}|Transcript|${csqValue(t.id)}|${csqValue(t.biotype)}`;
    p.csqStrandCanonical = `${t.strand}|${t.canonical ? 'YES' : ''}`;
  }
  return p.csqIdentity;
}

const INTERGENIC_TAIL = `|intergenic_variant|MODIFIER${'|'.repeat(CSQ_FIELDS.length - 3)}`;

/** One CSQ entry (CSQ_FIELDS order) for a transcript consequence, or the intergenic entry when `c` is undefined. */
export function csqEntry(allele: Allele, c: TranscriptConsequence | undefined, options: CsqOptions = {}): string {
  const a = csqValue(vepAllele(allele.ref, allele.alt));
  if (!c) return a + INTERGENIC_TAIL;
  const t = c.transcript;
  const ident = `${csqValue(t.geneName)}|${csqValue(t.geneId)}|Transcript|${csqValue(t.id)}|${csqValue(t.biotype)}`;
  return entryText(a, c, ident, `${t.strand}|${t.canonical ? 'YES' : ''}`, options.hgvspPredicted === true);
}

export interface CsqOptions {
  /** HGVSp in HGVS's predicted form p.(…) (VEP's --hgvsp_use_prediction); default VEP's p.Lys315Asn. */
  hgvspPredicted?: boolean;
}

/**
 * Built by concatenation: the array + join() it replaces allocated a 20-slot array per entry.
 * Only HGVSc/HGVSp are escaped: they carry GFF3 ids and `p.Lys315=` (written `p.Lys315%3D`, as
 * VEP does). The other fields are made here from digits, bases, amino-acid letters and
 * `/ - ? *`, and the scans cost 2% of worker CPU.
 */
function entryText(a: string, c: TranscriptConsequence, ident: string, strandCanonical: string, predicted: boolean): string {
  const hgvsp = predicted && c.hgvsp !== undefined ? predictedForm(c.hgvsp) : c.hgvsp;
  return (
    `${a}|${c.terms.join('&')}|${c.impact}|${ident}|${c.exon ?? ''}|${c.intron ?? ''}|${csqValue(c.hgvsc)}|` +
    `${csqValue(hgvsp)}|${c.cdnaPosition ?? ''}|${c.cdsPosition ?? ''}|${c.proteinPosition ?? ''}|` +
    `${c.aminoAcids ?? ''}|${c.codons ?? ''}|${c.distanceBp ?? ''}|${strandCanonical}`
  );
}

/**
 * The CSQ entries of one allele on these prepared transcripts (those beyond 5 kb are skipped),
 * or the intergenic entry when none is near: the same text as csqEntry(annotateAllele(…)), built
 * without intermediate objects for the common cases (see quickEntry).
 */
export function csqEntries(
  allele: Allele,
  transcripts: readonly PreparedTranscript[],
  reader: SequenceReader,
  options: CsqOptions = {},
  written: Allele = allele,
): string[] {
  const a = csqValue(vepAllele(allele.ref, allele.alt));
  const out: string[] = [];
  if (transcripts.length === 0) {
    out.push(a + INTERGENIC_TAIL);
    return out;
  }
  const v = toMinimal(written);
  for (let i = 0; i < transcripts.length; i++) {
    const p = transcripts[i] as PreparedTranscript;
    const ident = identity(p);
    const quick = quickEntry(a, v, p, ident);
    if (quick === null) continue;
    if (quick !== undefined) {
      out.push(quick);
      continue;
    }
    const c = annotateTranscript(v, p, reader);
    if (c) out.push(entryText(a, c, ident, p.csqStrandCanonical as string, options.hgvspPredicted === true));
  }
  if (out.length === 0) out.push(a + INTERGENIC_TAIL);
  return out;
}

/**
 * The entry for the two cases that make up most of a WGS — a variant beside the transcript
 * (up/downstream) and an SNV deep in an intron (≥ 8 bp from both exons, so no splice term) —
 * written straight from the transcript's cached fields. null: beyond UP_DOWN_DISTANCE_BP (no
 * entry); undefined: not one of these cases (annotateTranscript decides). Kept identical to
 * annotateTranscript by csq.test.ts over a synthetic genome.
 */
function quickEntry(a: string, v: MinimalVariant, p: PreparedTranscript, ident: string): string | null | undefined {
  const t = p.transcript;
  const sc = p.csqStrandCanonical as string;
  if (v.end0 <= t.start0 || v.start0 >= t.end0) {
    // Not overlapping (annotate.ts's overlaps(v, t, false), insertions at an end included).
    const before = v.end0 <= t.start0;
    const distanceBp = before ? t.start0 - v.end0 + 1 : v.start0 - t.end0 + 1;
    if (distanceBp > UP_DOWN_DISTANCE_BP) return null;
    const term = before === (t.strand === 1) ? 'upstream_gene_variant' : 'downstream_gene_variant';
    return `${a}|${term}|MODIFIER|${ident}||||||||||${distanceBp}|${sc}`;
  }
  const k = deepIntronSnv(v, p);
  if (k < 0) return undefined;
  const n = p.exons.length;
  const intron = t.strand === 1 ? k + 1 : n - 1 - k;
  return `${a}|${deepIntronTerms(p)}|MODIFIER|${ident}||${intron}/${n - 1}|${csqValue(deepIntronHgvsc(p, k, v))}||||||||${sc}`;
}

/** The INFO value for one record: all alleles' entries joined with `,`. */
export function formatCsq(entries: readonly string[]): string {
  return entries.join(',');
}

/**
 * The engine as src/annotation binds it: CSQ_FIELDS and the entries of one normalised allele
 * given the transcripts within ±5 kb. Keep one per worker: it caches prepared transcripts;
 * `reset()` drops them (a worker does so between batches to bound memory).
 */
export function createCsqEngine(options: CsqOptions = {}): {
  fields: string[];
  entries(allele: Allele, transcripts: Transcript[], reader: SequenceReader, written?: Allele): string[];
  reset(): void;
} {
  let cache = new TranscriptCache();
  const prepared: PreparedTranscript[] = [];
  return {
    fields: [...CSQ_FIELDS],
    entries(allele, transcripts, reader, written) {
      prepared.length = transcripts.length;
      for (let i = 0; i < transcripts.length; i++) prepared[i] = cache.prepare(transcripts[i] as Transcript);
      return csqEntries(allele, prepared, reader, options, written);
    },
    reset() {
      cache = new TranscriptCache();
    },
  };
}
