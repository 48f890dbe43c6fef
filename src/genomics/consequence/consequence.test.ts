/**
 * Hand-checked consequences on a tiny two-exon gene, run on both strands: contig `r` is the
 * reverse complement of contig `f` and its transcript the mirror image, so every variant has the
 * same transcript-relative answer (terms, HGVS, codons) on the minus strand.
 *
 * Transcript (0-based): exon 1 [10,30), exon 2 [50,80); CDS [20,30)+[50,64) =
 * ATG GCC AAA C|GT TGG GAA CTG TAA (M A K R W E L *), codon 4 split across the intron;
 * intron [30,50) is GT…AG; the 3' UTR is all C, so frameshifts read through without a stop.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRecord } from '../normalize/index.js';
import { reverseComplement } from '../sequence.js';
import { memoryReader } from '../synthetic/index.js';
import type { Transcript } from '../types.js';
import { annotateAllele, prepareTranscript, type TranscriptConsequence } from './index.js';

const L = 100;
const chars = Array.from({ length: L }, (_, i) => 'ACGT'[(i * 7 + (i >> 2)) % 4] as string);
const paint = (start0: number, s: string) => [...s].forEach((c, k) => (chars[start0 + k] = c));
paint(10, 'GATCGATCGA'); // 5' UTR
paint(20, 'ATGGCCAAAC');
paint(30, 'GTAAGTCTAGCTAGCTTCAG'); // intron
paint(50, 'GTTGGGAACTGTAA');
paint(64, 'CCCCCCCCCCCCCCCC'); // 3' UTR
const forward = chars.join('');
const reader = memoryReader([
  { name: 'f', sequence: forward },
  { name: 'r', sequence: reverseComplement(forward) },
]);
const base = { geneId: 'G1', geneName: 'GENE1', biotype: 'protein_coding', cdsStartPhase: 0, canonical: true, tags: [] };
const plus: Transcript = {
  ...base, id: 'T1', proteinId: 'P1', chrom: 'f', strand: 1, start0: 10, end0: 80,
  exons: [{ start0: 10, end0: 30 }, { start0: 50, end0: 80 }],
  cds: [{ start0: 20, end0: 30 }, { start0: 50, end0: 64 }],
};
const mirror = (iv: { start0: number; end0: number }) => ({ start0: L - iv.end0, end0: L - iv.start0 });
const minus: Transcript = {
  ...plus, chrom: 'r', strand: -1, ...mirror(plus),
  exons: plus.exons.map(mirror).reverse(), cds: plus.cds.map(mirror).reverse(),
};

/** Annotates a change given on the forward contig as (start0, end0, alt); on `r` it is mirrored. */
function annotate(strand: 1 | -1, start0: number, end0: number, alt: string): TranscriptConsequence {
  const chrom = strand === 1 ? 'f' : 'r';
  const [s, e, a] = strand === 1 ? [start0, end0, alt] : [L - end0, L - start0, reverseComplement(alt)];
  const anchor = s === e || a === '' ? reader.fetch(chrom, s - 1, s) : '';
  const ref = anchor + reader.fetch(chrom, s, e);
  const [allele] = normalizeRecord({ chrom, pos1: s + 1 - anchor.length, ref, alts: [anchor + a] }, reader);
  assert.ok(allele);
  const [c] = annotateAllele(allele, [prepareTranscript(strand === 1 ? plus : minus)], reader);
  assert.ok(c);
  return c;
}

const pick = (c: TranscriptConsequence) => ({
  terms: c.terms.join('&'), impact: c.impact, exon: c.exon, intron: c.intron, hgvsc: c.hgvsc, hgvsp: c.hgvsp,
  cdna: c.cdnaPosition, cds: c.cdsPosition, protein: c.proteinPosition, aa: c.aminoAcids, codons: c.codons,
});

for (const strand of [1, -1] as const) {
  describe(`consequences, ${strand === 1 ? 'plus' : 'minus'} strand`, () => {
    it('missense SNV', () => {
      assert.deepEqual(pick(annotate(strand, 24, 25, 'T')), {
        terms: 'missense_variant', impact: 'MODERATE', exon: '1/2', intron: undefined, hgvsc: 'T1:c.5C>T',
        hgvsp: 'P1:p.Ala2Val', cdna: '15', cds: '5', protein: '2', aa: 'A/V', codons: 'gCc/gTc',
      });
    });

    it('missense in a codon split across exons (first exon base: also splice region)', () => {
      const c = annotate(strand, 50, 51, 'A');
      assert.deepEqual([c.terms.join('&'), c.hgvsc, c.hgvsp, c.codons, c.exon, c.cdnaPosition], [
        'missense_variant&splice_region_variant', 'T1:c.11G>A', 'P1:p.Arg4His', 'cGt/cAt', '2/2', '21',
      ]);
    });

    it('stop gained, synonymous, start lost, stop lost', () => {
      const stop = annotate(strand, 53, 54, 'A');
      assert.deepEqual([stop.terms.join('&'), stop.impact, stop.hgvsp, stop.aminoAcids], ['stop_gained', 'HIGH', 'P1:p.Trp5Ter', 'W/*']);
      const syn = annotate(strand, 25, 26, 'T');
      assert.deepEqual([syn.terms.join('&'), syn.impact, syn.hgvsp, syn.aminoAcids, syn.hgvsc], ['synonymous_variant', 'LOW', 'P1:p.Ala2=', 'A', 'T1:c.6C>T']);
      const start = annotate(strand, 21, 22, 'C');
      assert.deepEqual([start.terms.join('&'), start.hgvsp, start.codons], ['start_lost', 'P1:p.Met1?', 'aTg/aCg']);
      const lost = annotate(strand, 61, 62, 'C');
      assert.deepEqual([lost.terms.join('&'), lost.hgvsp, lost.hgvsc], ['stop_lost', 'P1:p.Ter8GlnextTer?', 'T1:c.22T>C']);
    });

    it('splice donor, acceptor, region and deep intron with c.N+d / c.N-d', () => {
      const donor = annotate(strand, 30, 31, 'A');
      assert.deepEqual([donor.terms.join('&'), donor.impact, donor.hgvsc, donor.intron, donor.exon], ['splice_donor_variant', 'HIGH', 'T1:c.10+1G>A', '1/1', undefined]);
      const acceptor = annotate(strand, 49, 50, 'A');
      assert.deepEqual([acceptor.terms.join('&'), acceptor.hgvsc], ['splice_acceptor_variant', 'T1:c.11-1G>A']);
      const region = annotate(strand, 35, 36, 'A');
      // +6 is in VEP's donor region (+3..+6), and in this 20 bp intron also 15 bp before the
      // acceptor, in the polypyrimidine tract (-3..-17).
      assert.deepEqual([region.terms.join('&'), region.impact, region.hgvsc], [
        'splice_donor_region_variant&splice_polypyrimidine_tract_variant&intron_variant', 'LOW', 'T1:c.10+6T>A',
      ]);
      const exonSide = annotate(strand, 28, 29, 'T');
      assert.deepEqual(exonSide.terms, ['missense_variant', 'splice_region_variant']);
      const deep = annotate(strand, 40, 41, 'A');
      // c.11-10 is within the acceptor's polypyrimidine tract (-3..-17).
      assert.deepEqual([deep.terms.join('&'), deep.hgvsc], ['splice_polypyrimidine_tract_variant&intron_variant', 'T1:c.11-10C>A']);
    });

    it('UTRs number as c.-N and c.*N', () => {
      const utr5 = annotate(strand, 15, 16, 'C');
      assert.deepEqual([utr5.terms.join('&'), utr5.hgvsc, utr5.cdnaPosition, utr5.cdsPosition], ['5_prime_UTR_variant', 'T1:c.-5A>C', '6', undefined]);
      const utr3 = annotate(strand, 70, 71, 'A');
      assert.deepEqual([utr3.terms.join('&'), utr3.hgvsc], ['3_prime_UTR_variant', 'T1:c.*7C>A']);
    });

    it('frameshift deletion: consequence on the left-aligned allele, HGVS shifted 3′', () => {
      // Deleting one A of AAA (c.7_9): left-aligned in the genome, that is c.7 on the plus strand
      // and c.9 on the minus strand (2 bp from the donor: splice region); HGVS is c.9del on both.
      const c = annotate(strand, 26, 27, '');
      const leftAligned =
        strand === 1
          ? { terms: 'frameshift_variant', cdna: '17', cds: '7', codons: 'Aaa/aa' }
          : { terms: 'frameshift_variant&splice_region_variant', cdna: '19', cds: '9', codons: 'aaA/aa' };
      assert.deepEqual(pick(c), {
        impact: 'HIGH', exon: '1/2', intron: undefined, hgvsc: 'T1:c.9del',
        hgvsp: 'P1:p.Lys3AsnfsTer?', protein: '3', aa: 'K/X', ...leftAligned,
      });
    });

    it('in-frame codon deletion and duplication', () => {
      const del = annotate(strand, 52, 55, '');
      assert.deepEqual([del.terms.join('&'), del.hgvsc, del.hgvsp, del.codons, del.aminoAcids], [
        'inframe_deletion&splice_region_variant', 'T1:c.13_15del', 'P1:p.Trp5del', 'TGG/-', 'W/-',
      ]);
      const dup = annotate(strand, 26, 26, 'GCC');
      assert.deepEqual([dup.terms.join('&'), dup.hgvsc, dup.hgvsp], ['inframe_insertion', 'T1:c.4_6dup', 'P1:p.Ala2dup']);
    });

    it('a deletion over the stop codon into the 3′ UTR or past the transcript end: stop_lost with its frame (issue 10)', () => {
      // From the stop codon (c.22) into the 3' UTR, 9 bp: the stop is gone, in frame.
      const within = annotate(strand, 61, 70, '');
      assert.deepEqual([within.terms.join('&'), within.impact], ['stop_lost&inframe_deletion&3_prime_UTR_variant', 'HIGH']);
      // The same start, past the transcript's end (80), 24 bp: VEP 115 and bcftools still call the
      // stop lost (not coding_sequence_variant, MODIFIER); positions stay open-ended as VEP's.
      const beyond = annotate(strand, 61, 85, '');
      assert.deepEqual([beyond.terms.join('&'), beyond.impact, beyond.cdnaPosition], ['stop_lost&inframe_deletion&3_prime_UTR_variant', 'HIGH', '32-?']);
      const shifted = annotate(strand, 61, 86, '');
      assert.deepEqual([shifted.terms.join('&'), shifted.impact], ['frameshift_variant&stop_lost&3_prime_UTR_variant', 'HIGH']);
    });

    it('upstream within 5 kb with its distance', () => {
      const c = annotate(strand, 5, 6, 'G');
      assert.deepEqual([c.terms.join('&'), c.distanceBp, c.hgvsc], ['upstream_gene_variant', 5, undefined]);
    });
  });
}
