import type { Strand, Transcript } from '../types.js';
import { first, parseGff3Attributes, stripIdPrefix } from './attributes.js';
import { parseFeatureColumns } from './columns.js';
import { assembleTranscripts, emptyParts, type TranscriptDraft, type TranscriptParts } from './transcript-builder.js';

/** Feature types that are parts of a transcript (children by `Parent=`), not transcripts or genes. */
const PART_TYPES = new Set([
  'exon', 'CDS', 'five_prime_UTR', 'three_prime_UTR', 'UTR', 'start_codon', 'stop_codon',
  'noncoding_exon', 'intron', 'Selenocysteine',
]);

/** The few fields Kiban keeps from a gene or transcript line (not its whole attribute map). */
interface ParentFeature {
  id: string;
  type: string;
  parentId?: string;
  name?: string;
  biotype?: string;
  geneIdAttr?: string;
  geneNameAttr?: string;
  tags: string[];
  chrom: string;
  strand: Strand | 0;
  start0: number;
  end0: number;
}

/**
 * Incremental GFF3 reader (Ensembl and GENCODE flavours): feed it data lines in any order, then
 * `finish()` returns the transcripts. A transcript is any feature that is the parent of an exon or
 * CDS line (Ensembl uses many types: mRNA, transcript, lincRNA, NMD_transcript_variant, …); its gene
 * is its own parent. Pure: the caller reads the file and adds file and line to errors.
 */
export class Gff3Parser {
  private readonly features = new Map<string, ParentFeature>();
  private readonly parts = new Map<string, TranscriptParts>();
  /** Transcript id → why it cannot be placed (a part or its own line starts before base 1). */
  private readonly outside = new Map<string, string>();
  private done = false;
  /** Transcripts left out by finish(), with the reason, for the caller to report. */
  readonly skipped: { id: string; reason: string }[] = [];

  /** Returns false after a `##FASTA` directive: the rest of the file is sequence. */
  pushLine(line: string): boolean {
    if (this.done) return false;
    if (line === '' || line.startsWith('#')) {
      if (line.startsWith('##FASTA')) this.done = true;
      return !this.done;
    }
    const cols = parseFeatureColumns(line);
    const attrs = parseGff3Attributes(cols.attributes);
    const parents = (attrs.get('Parent') ?? []).map(stripIdPrefix);
    // Features starting before base 1 occur in excerpts re-based to a local origin (bcftools'
    // test sets: gene and chromosome lines). bcftools csq never looks at gene or chromosome
    // coordinates (csq.c gff_parse_gene), so neither do we: their span is clipped to base 1. A
    // transcript, exon or CDS there cannot be placed on the sequence: its transcript is skipped,
    // with the reason in `skipped`, rather than the whole file rejected.
    const before = cols.start0 < 0 ? `${cols.type} starts at ${cols.start0 + 1}, before the sequence start` : undefined;
    if (PART_TYPES.has(cols.type)) {
      for (const parent of parents) {
        if (before === undefined) this.addPart(parent, cols.type, cols.start0, cols.end0, cols.phase, attrs);
        else {
          this.outside.set(parent, before);
          if (!this.parts.has(parent)) this.parts.set(parent, emptyParts()); // so that finish() reports it
        }
      }
      return true;
    }
    const rawId = first(attrs, 'ID');
    if (rawId === undefined) return true; // e.g. biological_region: nothing refers to it
    const id = stripIdPrefix(rawId);
    if (before !== undefined) this.outside.set(id, before);
    const feature: ParentFeature = {
      id,
      type: cols.type,
      tags: attrs.get('tag') ?? [],
      chrom: cols.chrom,
      strand: cols.strand,
      start0: Math.max(0, cols.start0),
      end0: Math.max(0, cols.end0),
    };
    if (parents[0] !== undefined) feature.parentId = parents[0];
    const name = first(attrs, 'Name');
    if (name !== undefined) feature.name = name;
    const biotype = first(attrs, 'biotype', 'transcript_type', 'transcript_biotype', 'gene_type', 'gene_biotype');
    if (biotype !== undefined) feature.biotype = biotype;
    const geneId = first(attrs, 'gene_id');
    if (geneId !== undefined) feature.geneIdAttr = geneId;
    const geneName = first(attrs, 'gene_name');
    if (geneName !== undefined) feature.geneNameAttr = geneName;
    if (attrs.has('Ensembl_canonical') && !feature.tags.includes('Ensembl_canonical')) feature.tags.push('Ensembl_canonical');
    this.features.set(id, feature);
    return true;
  }

  private addPart(parent: string, type: string, start0: number, end0: number, phase: number, attrs: Map<string, string[]>) {
    let parts = this.parts.get(parent);
    if (!parts) {
      parts = emptyParts();
      this.parts.set(parent, parts);
    }
    if (type === 'exon' || type === 'noncoding_exon') parts.exons.push({ start0, end0 });
    else if (type === 'CDS') {
      parts.cds.push({ start0, end0 });
      parts.cdsPhases.push(phase);
      const proteinId = first(attrs, 'protein_id') ?? stripCdsId(first(attrs, 'ID'));
      if (proteinId !== undefined && parts.proteinId === undefined) parts.proteinId = proteinId;
    }
    // Ensembl/GENCODE GFF3 CDS lines already include the stop codon; UTR lines add nothing the exons lack.
  }

  finish(): Transcript[] {
    const drafts: TranscriptDraft[] = [];
    for (const txId of this.parts.keys()) {
      const tx = this.features.get(txId);
      if (!tx) continue; // parts whose parent line is missing: not a transcript Kiban can place
      const outside = this.outside.get(txId);
      if (outside !== undefined) {
        this.skipped.push({ id: txId, reason: outside });
        continue;
      }
      const gene = tx.parentId !== undefined ? this.features.get(tx.parentId) : undefined;
      const geneId = gene?.id ?? tx.geneIdAttr ?? tx.parentId ?? tx.id;
      drafts.push({
        id: tx.id,
        geneId,
        geneName: gene?.name ?? tx.geneNameAttr ?? gene?.geneNameAttr ?? geneId,
        biotype: tx.biotype ?? tx.type,
        chrom: tx.chrom,
        strand: tx.strand,
        start0: tx.start0,
        end0: tx.end0,
        tags: tx.tags,
      });
    }
    return assembleTranscripts(drafts, this.parts);
  }
}

function stripCdsId(id: string | undefined): string | undefined {
  return id === undefined ? undefined : stripIdPrefix(id);
}

