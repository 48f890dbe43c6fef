/**
 * Public API of the pure genomics core (STYLE §2: strings and plain objects in, values out; no
 * I/O). Readers in src/annotation/ and src/intake/ stream records through these functions.
 *
 * Annotating one VCF record (the I/O helper's loop, per worker):
 *
 *   const alleles = normalizeRecord({ chrom, pos1, ref, alts }, reader);   // normalize/
 *   for (const a of alleles) {
 *     const txs = index.overlapping(a.chrom, start0 - 5000, end0 + 5000); // your interval index
 *     const results = annotateAllele(a, txs.map(cache.prepare), reader);   // consequence/
 *     entries.push(...results.map((r) => csqEntry(a, r)));                 // csq/
 *   }
 *   info.CSQ = formatCsq(entries, csqFields);
 *
 * Synthetic genomes for tests and benchmarks: generateGenome, gff3Lines, fastaLines, vcfLines.
 */
export type { Allele, Interval, SequenceReader, Strand, Transcript } from './types.js';
export { reverseComplement, translate, translateCodon, threeLetter } from './sequence.js';
export * from './synthetic/index.js';
