import type { Transcript } from '../types.js';
import { first, parseGtfAttributes, type Attributes } from './attributes.js';
import { parseFeatureColumns, type FeatureColumns } from './columns.js';
import { assembleTranscripts, emptyParts, type TranscriptDraft, type TranscriptParts } from './transcript-builder.js';
import { invalidInput } from '../../errors.js';

/**
 * Incremental GTF 2.2 reader (Ensembl and GENCODE). Every line names its `transcript_id` and
 * `gene_id`, so transcripts are keyed by those; `transcript` lines are optional. GTF's CDS excludes
 * the stop codon (https://mblab.wustl.edu/GTF22.html), so `stop_codon` features are merged into the
 * CDS, which makes a transcript read from GTF equal to the same one read from GFF3.
 */
export class GtfParser {
  private readonly drafts = new Map<string, TranscriptDraft>();
  private readonly parts = new Map<string, TranscriptParts>();
  /** Transcripts left out by finish(), with the reason (as Gff3Parser.skipped). */
  readonly skipped: { id: string; reason: string }[] = [];
  private readonly outside = new Map<string, string>();

  pushLine(line: string): void {
    if (line === '' || line.startsWith('#')) return;
    const cols = parseFeatureColumns(line);
    if (cols.type === 'gene') return;
    const attrs = parseGtfAttributes(cols.attributes);
    const txIds = first(attrs, 'transcript_id');
    if (txIds === undefined) {
      throw invalidInput('GTF_NO_TRANSCRIPT_ID', `${cols.type} line has no transcript_id`, { field: 'transcript_id' });
    }
    // Converted from GFF3 with several parents (Ensembl VEP's test GTF does this): `"T1,T1_1"`.
    for (const txId of txIds.split(',')) {
      // As in Gff3Parser: a feature before base 1 cannot be placed; its transcript is skipped.
      if (cols.start0 < 0) this.outside.set(txId, `${cols.type} starts at ${cols.start0 + 1}, before the sequence start`);
      else this.addToTranscript(txId, cols, attrs);
    }
  }

  private addToTranscript(txId: string, cols: FeatureColumns, attrs: Attributes): void {
    let draft = this.drafts.get(txId);
    if (!draft) {
      const geneId = first(attrs, 'gene_id') ?? txId;
      draft = {
        id: txId,
        geneId,
        geneName: first(attrs, 'gene_name') ?? geneId,
        biotype: first(attrs, 'transcript_biotype', 'transcript_type') ?? 'unknown',
        chrom: cols.chrom,
        strand: cols.strand,
        tags: [],
      };
      this.drafts.set(txId, draft);
    }
    let parts = this.parts.get(txId);
    if (!parts) {
      parts = emptyParts();
      this.parts.set(txId, parts);
    }
    const span = { start0: cols.start0, end0: cols.end0 };
    switch (cols.type) {
      case 'transcript':
        draft.start0 = cols.start0;
        draft.end0 = cols.end0;
        draft.tags = attrs.get('tag') ?? [];
        break;
      case 'exon':
        parts.exons.push(span);
        break;
      case 'CDS':
        parts.cds.push(span);
        parts.cdsPhases.push(cols.phase);
        if (parts.proteinId === undefined) {
          const proteinId = first(attrs, 'protein_id');
          if (proteinId !== undefined) parts.proteinId = proteinId;
        }
        break;
      case 'stop_codon':
        parts.stopCodons.push(span);
        break;
      default:
        break; // UTR, start_codon, Selenocysteine: implied by exons and CDS
    }
    if (draft.tags.length === 0 && cols.type !== 'transcript' && attrs.has('tag')) draft.tags = attrs.get('tag') ?? [];
  }

  finish(): Transcript[] {
    for (const [id, reason] of this.outside) {
      this.drafts.delete(id);
      this.skipped.push({ id, reason });
    }
    return assembleTranscripts(this.drafts.values(), this.parts);
  }
}
