import { invalidInput } from '../../errors.js';
import type { Interval, Strand, Transcript } from '../types.js';
import { chooseCanonical } from './canonical.js';

/** What the GFF3 and GTF readers know about one transcript before its parts are assembled. */
export interface TranscriptDraft {
  id: string;
  geneId: string;
  geneName: string;
  biotype: string;
  chrom: string;
  strand: Strand | 0;
  /** Span from the transcript line itself, if the file has one. */
  start0?: number;
  end0?: number;
  tags: string[];
  proteinId?: string;
}

/** Exon, CDS and stop codon pieces collected for one transcript, in file order. */
export interface TranscriptParts {
  exons: Interval[];
  cds: Interval[];
  cdsPhases: number[];
  /** GTF only: stop_codon features, merged into the CDS (GTF's CDS excludes the stop codon). */
  stopCodons: Interval[];
  proteinId?: string;
}

export function emptyParts(): TranscriptParts {
  return { exons: [], cds: [], cdsPhases: [], stopCodons: [] };
}

/** Builds the final transcript list: sorted by chromosome (first-seen order), start, id. */
export function assembleTranscripts(
  drafts: Iterable<TranscriptDraft>,
  partsById: Map<string, TranscriptParts>,
): Transcript[] {
  const out: Transcript[] = [];
  for (const draft of drafts) {
    const parts = partsById.get(draft.id);
    if (!parts || (parts.exons.length === 0 && parts.cds.length === 0)) continue; // not a transcript
    out.push(assembleOne(draft, parts));
  }
  chooseCanonical(out);
  const chromOrder = new Map<string, number>();
  for (const t of out) if (!chromOrder.has(t.chrom)) chromOrder.set(t.chrom, chromOrder.size);
  out.sort(
    (a, b) =>
      (chromOrder.get(a.chrom) ?? 0) - (chromOrder.get(b.chrom) ?? 0) ||
      a.start0 - b.start0 ||
      a.end0 - b.end0 ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return out;
}

function assembleOne(draft: TranscriptDraft, parts: TranscriptParts): Transcript {
  if (draft.strand === 0) {
    throw invalidInput('GFF_NO_STRAND', `transcript ${draft.id} has no strand`, { field: 'strand' });
  }
  const cdsWithPhase = parts.cds.map((iv, i) => ({ ...iv, phase: parts.cdsPhases[i] ?? -1 }));
  cdsWithPhase.sort((a, b) => a.start0 - b.start0);
  const firstInTxOrder = draft.strand === 1 ? cdsWithPhase[0] : cdsWithPhase[cdsWithPhase.length - 1];
  const cds = mergeTouching([...cdsWithPhase.map(({ start0, end0 }) => ({ start0, end0 })), ...parts.stopCodons]);
  // Some GFF3 files give only CDS lines; the coding exons then stand for the exons.
  const exons = mergeTouching(parts.exons.length > 0 ? parts.exons : cds);
  const first = exons[0]!;
  const last = exons[exons.length - 1]!;
  const start0 = Math.min(draft.start0 ?? first.start0, first.start0);
  const end0 = Math.max(draft.end0 ?? last.end0, last.end0);
  const transcript: Transcript = {
    id: draft.id,
    geneId: draft.geneId,
    geneName: draft.geneName,
    biotype: draft.biotype,
    chrom: draft.chrom,
    strand: draft.strand,
    start0,
    end0,
    exons,
    cds,
    cdsStartPhase: firstInTxOrder && firstInTxOrder.phase > 0 ? firstInTxOrder.phase : 0,
    canonical: draft.tags.includes('Ensembl_canonical'),
    tags: draft.tags,
  };
  const proteinId = parts.proteinId ?? draft.proteinId;
  if (proteinId !== undefined && cds.length > 0) transcript.proteinId = proteinId;
  return transcript;
}

/** Sorts and merges intervals that overlap or touch (a stop codon right after the last CDS base). */
function mergeTouching(intervals: Interval[]): Interval[] {
  const sorted = intervals.map((iv) => ({ start0: iv.start0, end0: iv.end0 })).sort((a, b) => a.start0 - b.start0);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const prev = out[out.length - 1];
    if (prev && iv.start0 <= prev.end0) prev.end0 = Math.max(prev.end0, iv.end0);
    else out.push(iv);
  }
  return out;
}
