/**
 * Issue 10's conventions table: the exact strings Ensembl VEP 115 writes by default, for each row
 * of the table and each HGVSp class, on a plus-strand transcript and on its mirror image
 * on the minus strand (contig `r` is the reverse complement of `f`), so both strands must give
 * the same transcript-relative answer.
 *
 * Sources for the expected forms:
 * - [VEP] Ensembl VEP documentation, "Output format" (HGVSp: `ENSP…:p.Xxx123Yyy`, no
 *   parentheses unless --hgvsp_use_prediction; synonymous `p.Xxx123=`, written `%3D` in VCF
 *   output because `=` is reserved in INFO) and "Calculated variant consequences" (SO terms,
 *   their order and IMPACT; splice_donor_5th_base_variant at +5, splice_donor_region_variant at
 *   +3..+6, splice_polypyrimidine_tract_variant at -3..-17).
 * - [HGVS] HGVS nomenclature, protein recommendations (https://hgvs-nomenclature.org/stable/
 *   recommendations/protein/): substitution p.Trp24Cys, nonsense p.Trp24Ter, synonymous
 *   p.Cys188=, start loss p.Met1?, deletion p.Lys2del / p.Cys28_Met30del, duplication
 *   p.Gly4dup, insertion p.Lys2_Gly3insGlnSerLys, delins p.Cys28_Lys29delinsTrp, frameshift
 *   p.Arg97ProfsTer23 (new stop counted from the first changed residue as 1), extension
 *   p.Ter110GlnextTer17.
 * - [ClinVar] ClinVar names use the same protein form: NM_000492.4(CFTR):c.1521_1523del
 *   (p.Phe508del), NM_007294.4(BRCA1):c.68_69del (p.Glu23fs) with HGVSp p.Glu23ValfsTer17.
 * - [Issue] the table, from VEP 115's output on real GRCh38 sequence: `p.Ter354delextTer23`
 *   for a deletion over a stop codon, K/KX Amino_acids for a frameshift inside a codon,
 *   `c.1400C>T` (not c.1398) on a cds_start_NF transcript counting the phase padding,
 *   `splice_region_variant&splice_polypyrimidine_tract_variant&intron_variant`.
 *
 * Transcript (forward contig, 0-based): exon 1 [10,40), exon 2 [100,140); 5' UTR [10,20);
 * CDS [20,40)+[100,107) = ATG AAA GCC TGG GAA CTG AA|G GGC TAA (M K A W E L K G *), codon 7
 * split by the intron; intron [40,100) GTAAGT…CAG; 3' UTR CAG GTT CTA TGA CCC… so a lost stop
 * reads Gln Gln Val Leu Ter.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csqEntry } from '../csq/index.js';
import { reverseComplement } from '../sequence.js';
import { memoryReader } from '../synthetic/index.js';
import type { Allele, Transcript } from '../types.js';
import { annotateAllele, prepareTranscript, type TranscriptConsequence } from './index.js';

const L = 160;
const chars = Array.from({ length: L }, (_, i) => 'ACGT'[(i * 7 + (i >> 2)) % 4] as string);
const paint = (start0: number, s: string) => [...s].forEach((c, k) => (chars[start0 + k] = c));
paint(10, 'GATCGATCGA'); // 5' UTR
paint(20, 'ATGAAAGCCTGGGAACTGAA'); // CDS, exon 1
const intron = 'GTAAGTACGCATGCGCATACGCAGCATGACGTACGCATGACGCATTTCTTTTCCTTTCAG';
paint(40, intron);
paint(100, 'GGGCTAA'); // CDS, exon 2
paint(107, 'CAGGTTCTATGACCCCCCCCCCCCCCCCCCCCC'); // 3' UTR
const forward = chars.join('');
const reader = memoryReader([
  { name: 'f', sequence: forward },
  { name: 'r', sequence: reverseComplement(forward) },
]);
const base = { geneId: 'G1', geneName: 'GENE1', biotype: 'protein_coding', cdsStartPhase: 0, canonical: true, tags: [] as string[] };
const plus: Transcript = {
  ...base, id: 'T1', proteinId: 'P1', chrom: 'f', strand: 1, start0: 10, end0: 140,
  exons: [{ start0: 10, end0: 40 }, { start0: 100, end0: 140 }],
  cds: [{ start0: 20, end0: 40 }, { start0: 100, end0: 107 }],
};
const mirror = (iv: { start0: number; end0: number }) => ({ start0: L - iv.end0, end0: L - iv.start0 });
const onMinus = (t: Transcript): Transcript => ({
  ...t, chrom: 'r', strand: -1, ...mirror(t), exons: t.exons.map(mirror).reverse(), cds: t.cds.map(mirror).reverse(),
});

/**
 * A change on the forward contig as (start0, end0, alt), written as a VCF record (anchor base for
 * indels) on `f` or mirrored on `r`, annotated where it is written, as `kiban annotate` and VEP
 * do: so an insertion in a repeat sits at the same transcript position on both strands.
 */
function annotate(strand: 1 | -1, start0: number, end0: number, alt: string, t: Transcript = plus): TranscriptConsequence {
  const allele = record(strand, start0, end0, alt);
  const [c] = annotateAllele(allele, [prepareTranscript(strand === 1 ? t : onMinus(t))], reader);
  assert.ok(c);
  return c;
}

function record(strand: 1 | -1, start0: number, end0: number, alt: string): Allele {
  const chrom = strand === 1 ? 'f' : 'r';
  const [s, e, a] = strand === 1 ? [start0, end0, alt] : [L - end0, L - start0, reverseComplement(alt)];
  const anchor = s === e || a === '' ? reader.fetch(chrom, s - 1, s) : '';
  return { chrom, pos1: s + 1 - anchor.length, ref: anchor + reader.fetch(chrom, s, e), alt: anchor + a };
}

const fields = (c: TranscriptConsequence) =>
  [c.terms.join('&'), c.impact, c.hgvsc, c.hgvsp, c.cdnaPosition, c.cdsPosition, c.proteinPosition, c.aminoAcids, c.codons].join(' | ');

/**
 * [name, source, forward-contig change (start0, end0, alt), the VEP fields joined by ' | ':
 * Consequence | IMPACT | HGVSc | HGVSp | cDNA_position | CDS_position | Protein_position |
 * Amino_acids | Codons]. The HGVSp strings are VEP's default form.
 */
const TABLE: [string, string, number, number, string, string][] = [
  ['missense', '[HGVS] p.Trp24Cys; [Issue] p.Ala331Thr, no parentheses', 24, 25, 'G',
    'missense_variant | MODERATE | T1:c.5A>G | P1:p.Lys2Arg | 15 | 5 | 2 | K/R | aAa/aGa'],
  ['nonsense', '[HGVS] p.Trp24Ter (Ter, not *)', 30, 31, 'A',
    'stop_gained | HIGH | T1:c.11G>A | P1:p.Trp4Ter | 21 | 11 | 4 | W/* | tGg/tAg'],
  ['synonymous', '[VEP] p.Xxx123= ; [Issue] p.Lys315=, not p.(=); Amino_acids one letter', 28, 29, 'A',
    'synonymous_variant | LOW | T1:c.9C>A | P1:p.Ala3= | 19 | 9 | 3 | A | gcC/gcA'],
  ['start loss', '[HGVS] p.Met1? (consequence unknown)', 20, 21, 'G',
    'start_lost | HIGH | T1:c.1A>G | P1:p.Met1? | 11 | 1 | 1 | M/V | Atg/Gtg'],
  ['stop loss (extension)', '[HGVS] p.Ter110GlnextTer17; the new stop counted as VEP does', 104, 105, 'C',
    'stop_lost | HIGH | T1:c.25T>C | P1:p.Ter9GlnextTer4 | 35 | 25 | 9 | */Q | Taa/Caa'],
  ['stop retained', '[VEP] stop_retained_variant, p.Ter9=', 106, 107, 'G',
    'stop_retained_variant | LOW | T1:c.27A>G | P1:p.Ter9= | 37 | 27 | 9 | * | taA/taG'],
  ['deletion of the stop codon', '[Issue] p.Ter354delextTer23 (delext for a deletion)', 104, 107, '',
    'stop_lost&inframe_deletion | HIGH | T1:c.25_27del | P1:p.Ter9delextTer3 | 35-37 | 25-27 | 9 | */- | TAA/-'],
  ['frameshift deletion', '[HGVS] p.Arg97ProfsTer23; [ClinVar] p.Glu23ValfsTer17; HGVSc 3′-shifted', 23, 24, '',
    'frameshift_variant | HIGH | T1:c.6del | P1:p.Ala3ProfsTer4 | 14 | 4 | 2 | K/X | Aaa/aa'],
  ['frameshift insertion inside a codon', '[Issue] Amino_acids K/KX, not -/X', 25, 25, 'A',
    'frameshift_variant | HIGH | T1:c.6dup | P1:p.Ala3SerfsTer? | 15-16 | 5-6 | 2 | K/KX | aaa/aaAa'],
  ['frameshift insertion between codons', '[VEP] -/X with flanking positions; HGVS calls it a dup', 29, 29, 'T',
    'frameshift_variant | HIGH | T1:c.10dup | P1:p.Trp4LeufsTer? | 19-20 | 9-10 | 3-4 | -/X | -/T'],
  ['in-frame deletion', '[HGVS] p.Lys2del; [ClinVar] p.Phe508del', 29, 32, '',
    'inframe_deletion | MODERATE | T1:c.10_12del | P1:p.Trp4del | 20-22 | 10-12 | 4 | W/- | TGG/-'],
  ['in-frame insertion', '[HGVS] p.Lys2_Gly3insGlnSerLys; positions are the flanking bases', 35, 35, 'GGG',
    'inframe_insertion | MODERATE | T1:c.15_16insGGG | P1:p.Glu5_Leu6insGly | 25-26 | 15-16 | 5-6 | -/G | -/GGG'],
  ['duplication', '[HGVS] p.Gly4dup; c. dup 3′-shifted, positions where written', 29, 29, 'GCC',
    'inframe_insertion | MODERATE | T1:c.7_9dup | P1:p.Ala3dup | 19-20 | 9-10 | 3-4 | -/A | -/GCC'],
  ['delins', '[HGVS] p.Cys28_Lys29delinsTrp; VEP protein_altering_variant (neither end kept)', 29, 35, 'CAT',
    'protein_altering_variant | MODERATE | T1:c.10_15delinsCAT | P1:p.Trp4_Glu5delinsHis | 20-25 | 10-15 | 4-5 | WE/H | TGGGAA/CAT'],
  ['donor +5', '[VEP] splice_donor_5th_base_variant', 44, 45, 'C',
    'splice_donor_5th_base_variant&intron_variant | LOW | T1:c.20+5G>C |  |  |  |  |  | '],
  ['donor +3', '[VEP] splice_donor_region_variant (+3..+6)', 42, 43, 'C',
    'splice_donor_region_variant&intron_variant | LOW | T1:c.20+3A>C |  |  |  |  |  | '],
  ['donor +7', '[VEP] splice_region_variant (3..8 bp into the intron)', 46, 47, 'C',
    'splice_region_variant&intron_variant | LOW | T1:c.20+7A>C |  |  |  |  |  | '],
  ['acceptor -5', '[Issue] splice_region_variant&splice_polypyrimidine_tract_variant&intron_variant', 95, 96, 'A',
    'splice_region_variant&splice_polypyrimidine_tract_variant&intron_variant | LOW | T1:c.21-5T>A |  |  |  |  |  | '],
  ['acceptor -12', '[VEP] splice_polypyrimidine_tract_variant (-3..-17)', 88, 89, 'A',
    'splice_polypyrimidine_tract_variant&intron_variant | LOW | T1:c.21-12T>A |  |  |  |  |  | '],
  ['deletion from the 5′ UTR over the start codon', '[HGVS] p.Met1?; frame from the deletion length, as for the stop', 17, 23, '',
    'start_lost&inframe_deletion&5_prime_UTR_variant | HIGH | T1:c.-3_3del | P1:p.Met1? | 8-13 | ?-3 |  |  | '],
  ['deletion over the stop past the transcript end', '[Issue] stop_lost&inframe_deletion, HIGH, not coding_sequence_variant', 104, 143, '',
    'stop_lost&inframe_deletion&3_prime_UTR_variant | HIGH |  |  | 35-? | 25-? |  |  | '],
];

for (const strand of [1, -1] as const) {
  describe(`VEP 115 conventions, ${strand === 1 ? 'plus' : 'minus'} strand`, () => {
    for (const [name, source, start0, end0, alt, expected] of TABLE) {
      it(`${name} — ${source}`, () => assert.equal(fields(annotate(strand, start0, end0, alt)), expected));
    }

    it('[Issue] c.1400 not c.1398: a cds_start_NF CDS is numbered from its padded first codon', () => {
      // The CDS starts at the 3rd base of codon 1 (GFF3 phase 1): Ensembl pads two N, so every
      // c./CDS/protein number is that of the complete transcript above.
      const partial: Transcript = { ...plus, id: 'T2', cds: [{ start0: 22, end0: 40 }, { start0: 100, end0: 107 }], cdsStartPhase: 1, tags: ['cds_start_NF'] };
      assert.equal(fields(annotate(strand, 24, 25, 'G', partial)), 'missense_variant | MODERATE | T2:c.5A>G | P1:p.Lys2Arg | 15 | 5 | 2 | K/R | aAa/aGa');
    });

    it('[VEP] incomplete_terminal_codon_variant&coding_sequence_variant in a cds_end_NF partial last codon', () => {
      // CDS cut two bases into codon 9 (26 bases): the partial codon cannot be translated, so no HGVSp.
      const partial: Transcript = { ...plus, id: 'T3', cds: [{ start0: 20, end0: 40 }, { start0: 100, end0: 106 }], tags: ['cds_end_NF'] };
      assert.equal(fields(annotate(strand, 105, 106, 'G', partial)), 'incomplete_terminal_codon_variant&coding_sequence_variant | LOW | T3:c.26A>G |  | 36 | 26 | 9 | X | tA/tG');
    });

    it('[VEP] synonymous HGVSp in the VCF: = written %3D; --hgvsp-predicted gives p.(…)', () => {
      const allele = record(strand, 28, 29, 'A');
      const c = annotate(strand, 28, 29, 'A');
      const hgvsp = (entry: string) => entry.split('|')[11];
      assert.equal(hgvsp(csqEntry(allele, c)), 'P1:p.Ala3%3D');
      assert.equal(hgvsp(csqEntry(allele, c, { hgvspPredicted: true })), 'P1:p.(Ala3%3D)');
      assert.equal(hgvsp(csqEntry(allele, annotate(strand, 20, 21, 'G'), { hgvspPredicted: true })), 'P1:p.(Met1?)');
      assert.equal(hgvsp(csqEntry(allele, annotate(strand, 23, 24, ''), { hgvspPredicted: true })), 'P1:p.(Ala3ProfsTer4)');
    });
  });
}
