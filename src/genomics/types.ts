/**
 * Shared value types of the pure genomics core. Coordinates name their system (STYLE §2):
 * `pos1` is 1-based (VCF), `start0`/`end0` are 0-based half-open (BED, tabix getLines).
 */

/** One REF/ALT pair on the forward strand, after splitting multi-allelic records. */
export interface Allele {
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
}

/** A genomic interval, 0-based half-open. */
export interface Interval {
  start0: number;
  end0: number;
}

export type Strand = 1 | -1;

/**
 * A transcript model as read from GFF3/GTF. Exons are sorted by genomic position (ascending)
 * whatever the strand. For coding transcripts, `cds` holds the CDS segments (ascending), and the
 * stop codon is inside the CDS (GTF's separate stop_codon features are merged in by the reader).
 */
export interface Transcript {
  /** Without Ensembl GFF3's `transcript:` prefix, e.g. ENST00000341065 */
  id: string;
  geneId: string;
  geneName: string;
  biotype: string;
  chrom: string;
  strand: Strand;
  start0: number;
  end0: number;
  exons: Interval[];
  cds: Interval[];
  /** Protein id of the CDS (Ensembl GFF3 `protein_id`, GTF `protein_id`), for HGVSp. */
  proteinId?: string;
  /** GFF3 phase of the first CDS segment in transcript order (0 for complete CDS). */
  cdsStartPhase: number;
  /** Ensembl_canonical tag (or the reader's documented fallback rule). */
  canonical: boolean;
  /** e.g. cds_start_NF, cds_end_NF, mRNA_start_NF */
  tags: string[];
}

/** Random access to the reference sequence, upper-case, forward strand. */
export interface SequenceReader {
  /** Throws a KibanError (invalid_input) when the range lies outside the contig. */
  fetch(chrom: string, start0: number, end0: number): string;
  contigLength(chrom: string): number | undefined;
}
