/**
 * Sequence Ontology consequence terms in Ensembl VEP's severity order, with VEP's IMPACT.
 * Source: https://www.ensembl.org/info/genome/variation/prediction/predicted_data.html
 * (the table is ordered by severity; we keep only the terms this engine can emit).
 */
export type Impact = 'HIGH' | 'MODERATE' | 'LOW' | 'MODIFIER';

export const SO_TERMS = [
  ['transcript_ablation', 'HIGH'],
  ['splice_acceptor_variant', 'HIGH'],
  ['splice_donor_variant', 'HIGH'],
  ['stop_gained', 'HIGH'],
  ['frameshift_variant', 'HIGH'],
  ['stop_lost', 'HIGH'],
  ['start_lost', 'HIGH'],
  ['inframe_insertion', 'MODERATE'],
  ['inframe_deletion', 'MODERATE'],
  ['missense_variant', 'MODERATE'],
  ['protein_altering_variant', 'MODERATE'],
  ['splice_donor_5th_base_variant', 'LOW'],
  ['splice_region_variant', 'LOW'],
  ['splice_donor_region_variant', 'LOW'],
  ['splice_polypyrimidine_tract_variant', 'LOW'],
  ['incomplete_terminal_codon_variant', 'LOW'],
  ['start_retained_variant', 'LOW'],
  ['stop_retained_variant', 'LOW'],
  ['synonymous_variant', 'LOW'],
  ['coding_sequence_variant', 'MODIFIER'],
  ['5_prime_UTR_variant', 'MODIFIER'],
  ['3_prime_UTR_variant', 'MODIFIER'],
  ['non_coding_transcript_exon_variant', 'MODIFIER'],
  ['intron_variant', 'MODIFIER'],
  ['NMD_transcript_variant', 'MODIFIER'],
  ['non_coding_transcript_variant', 'MODIFIER'],
  ['upstream_gene_variant', 'MODIFIER'],
  ['downstream_gene_variant', 'MODIFIER'],
  ['intergenic_variant', 'MODIFIER'],
] as const satisfies ReadonlyArray<readonly [string, Impact]>;

export type SoTerm = (typeof SO_TERMS)[number][0];

const RANK = new Map<string, number>(SO_TERMS.map(([term], k) => [term, k]));
const IMPACT = new Map<string, Impact>(SO_TERMS.map(([term, impact]) => [term, impact]));

/** Lower is more severe. */
export function severityRank(term: SoTerm): number {
  return RANK.get(term) ?? SO_TERMS.length;
}

export function impactOf(term: SoTerm): Impact {
  return IMPACT.get(term) ?? 'MODIFIER';
}

/**
 * Distinct terms, most severe first (VEP's order within a CSQ `Consequence` field). An insertion
 * sort into a new array: entries carry 1–4 terms, and the Set + spread + sort it replaces was
 * 1.5% of a profile.
 */
export function sortTerms(terms: Iterable<SoTerm>): SoTerm[] {
  const out: SoTerm[] = [];
  for (const term of terms) {
    if (out.includes(term)) continue;
    const rank = severityRank(term);
    let k = out.length;
    while (k > 0 && severityRank(out[k - 1] as SoTerm) > rank) k--;
    out.splice(k, 0, term);
  }
  return out;
}
