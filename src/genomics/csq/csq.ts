/**
 * VEP's VCF output convention (INFO/CSQ): one `|`-separated entry per allele × transcript, entries
 * joined by `,`, multiple terms joined by `&`, and the field list in the header's Description
 * (`Format: Allele|Consequence|…`), which is what `bcftools +split-vep` reads.
 * https://www.ensembl.org/info/docs/tools/vep/vep_formats.html#vcfout
 */
import type { TranscriptConsequence } from '../consequence/index.js';
import type { Allele, SequenceReader, Transcript } from '../types.js';
import { annotateAllele, TranscriptCache } from '../consequence/index.js';

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
const NEEDS_ESCAPE = /[,|;=\s]/;

export function csqValue(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // Fast path: almost no value needs escaping, and four replace() calls per field per entry
  // were 25% of annotation time in a 100k-variant profile.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[,|]/g, '&').replace(/;/g, '%3B').replace(/=/g, '%3D').replace(/\s/g, '_');
}

/** One CSQ entry (CSQ_FIELDS order) for a transcript consequence, or the intergenic entry when `c` is undefined. */
export function csqEntry(allele: Allele, c: TranscriptConsequence | undefined): string {
  const a = csqValue(vepAllele(allele.ref, allele.alt));
  if (!c) return `${a}|intergenic_variant|MODIFIER${'|'.repeat(CSQ_FIELDS.length - 3)}`;
  const t = c.transcript;
  return [
    a,
    c.terms.join('&'),
    c.impact,
    csqValue(t.geneName),
    csqValue(t.geneId),
    'Transcript',
    csqValue(t.id),
    csqValue(t.biotype),
    csqValue(c.exon),
    csqValue(c.intron),
    csqValue(c.hgvsc),
    csqValue(c.hgvsp),
    csqValue(c.cdnaPosition),
    csqValue(c.cdsPosition),
    csqValue(c.proteinPosition),
    csqValue(c.aminoAcids),
    csqValue(c.codons),
    csqValue(c.distanceBp),
    String(t.strand),
    t.canonical ? 'YES' : '',
  ].join('|');
}

/** The INFO value for one record: all alleles' entries joined with `,`. */
export function formatCsq(entries: readonly string[]): string {
  return entries.join(',');
}

/**
 * The engine as src/annotation binds it: CSQ_FIELDS and the entries of one normalised allele
 * given the transcripts within ±5 kb. Keep one per worker: it caches prepared transcripts.
 */
export function createCsqEngine(): {
  fields: string[];
  entries(allele: Allele, transcripts: Transcript[], reader: SequenceReader): string[];
} {
  const cache = new TranscriptCache();
  return {
    fields: [...CSQ_FIELDS],
    entries(allele, transcripts, reader) {
      const prepared = transcripts.map((t) => cache.prepare(t));
      const results = annotateAllele(allele, prepared, reader);
      return results.length === 0 ? [csqEntry(allele, undefined)] : results.map((c) => csqEntry(allele, c));
    },
  };
}
