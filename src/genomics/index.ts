/**
 * Public API of the pure genomics core (STYLE §2: strings and plain objects in, values out; no
 * I/O). Readers in src/annotation/ and src/intake/ stream records through these functions.
 *
 * Annotating one VCF record (the I/O helper's loop, per worker):
 *
 *   const engine = createCsqEngine();                                     // csq/, one per worker (caches transcripts; reset() drops them)
 *   const alleles = normalizeRecord({ chrom, pos1, ref, alts }, reader);   // normalize/
 *   for (const a of alleles) {
 *     const txs = index.overlapping(a.chrom, start0 - 5000, end0 + 5000); // your interval index
 *     entries.push(...engine.entries(a, txs, reader));                      // consequence/ + csq/
 *   }
 *   info.CSQ = formatCsq(entries);   // header: csqHeaderLine([...CSQ_FIELDS, ...extraFields])
 *
 * Synthetic genomes for tests and benchmarks: generateGenome, gff3Lines, fastaLines, vcfLines.
 */
export type { Allele, Interval, SequenceReader, Strand, Transcript } from './types.js';
export { reverseComplement, translate, translateCodon, threeLetter } from './sequence.js';
export * from './synthetic/index.js';
export * from './normalize/index.js';
export * from './consequence/index.js';
export * from './csq/index.js';
