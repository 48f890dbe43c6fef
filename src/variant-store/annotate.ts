import type { NormalizedAllele } from '../genomics/normalize/index.js';
import type { SequenceReader, Transcript } from '../genomics/types.js';
import { IMPACTS, type Impact, type VariantRow } from './interface.js';
import { annotateAllele, impactOf, severityRank, TranscriptCache, type SoTerm } from '../genomics/consequence/index.js';
import { CSQ_FIELDS, csqEntry } from '../genomics/csq/index.js';

/**
 * The annotation step of an ingest, one allele at a time. The reference bundle's engine plugs in
 * through the same two shapes the annotation module uses (src/annotation/annotator.ts: CsqEngine
 * and SiteLookup), declared here structurally so that this module depends on none of its files.
 */
export type Annotation = Pick<
  VariantRow,
  | 'gene'
  | 'geneId'
  | 'transcriptId'
  | 'consequence'
  | 'impact'
  | 'hgvsc'
  | 'hgvsp'
  | 'clinvarSignificance'
  | 'clinvarReviewStatus'
  | 'populationAf'
  | 'maxPopulationAf'
  | 'csq'
>;

export interface AlleleAnnotator {
  /** Stored with every variant (e.g. the bundle's id), to find rows a new bundle would change. */
  readonly version: string;
  annotate(allele: NormalizedAllele): Annotation;
}

export interface CsqEngineLike {
  fields: string[];
  entries(allele: NormalizedAllele, transcripts: Transcript[], reader: SequenceReader): string[];
}

export interface SiteLookupLike {
  name: string;
  kind: 'clinvar' | 'population';
  /** clinvar: [CLNSIG, CLNREVSTAT]; population: [AC, AN, AF] (annotation/site-build.ts SITE_FIELDS). */
  lookup(chrom: string, pos1: number, ref: string, alt: string): string[] | undefined;
}

export interface TranscriptsLike {
  overlapping(chrom: string, start0: number, end0: number): Transcript[];
}

/** VEP reports transcripts within 5 kb (upstream/downstream_gene_variant). */
const FLANK_BP = 5000;

export const NO_ANNOTATION: Annotation = Object.freeze({
  gene: null,
  geneId: null,
  transcriptId: null,
  consequence: null,
  impact: null,
  hgvsc: null,
  hgvsp: null,
  clinvarSignificance: null,
  clinvarReviewStatus: null,
  populationAf: {},
  maxPopulationAf: null,
  csq: null,
});

/** No annotation: normalise and load only (re-annotated later). */
export const noAnnotator: AlleleAnnotator = { version: 'none', annotate: () => NO_ANNOTATION };

export interface ReferenceAnnotatorOptions {
  version: string;
  reader: SequenceReader;
  transcripts: TranscriptsLike;
  /** The consequence engine; without it, gene and transcript come from overlap alone. */
  engine?: CsqEngineLike;
  sites?: SiteLookupLike[];
}

export function referenceAnnotator(options: ReferenceAnnotatorOptions): AlleleAnnotator {
  const { engine, reader, transcripts } = options;
  const sites = options.sites ?? [];
  const at = (name: string) => engine?.fields.indexOf(name) ?? -1;
  const f = { csq: at('Consequence'), impact: at('IMPACT'), symbol: at('SYMBOL'), gene: at('Gene'), feature: at('Feature'), hgvsc: at('HGVSc'), hgvsp: at('HGVSp') };
  return {
    version: options.version,
    annotate(allele) {
      const start0 = allele.pos1 - 1;
      const end0 = start0 + allele.ref.length;
      const near = transcripts.overlapping(allele.chrom, start0 - FLANK_BP, end0 + FLANK_BP);
      const inside = near.filter((t) => t.start0 < Math.max(end0, start0 + 1) && t.end0 > start0);
      const canonical = inside.find((t) => t.canonical) ?? inside[0];
      const out: Annotation = {
        ...NO_ANNOTATION,
        gene: canonical?.geneName ?? null,
        geneId: canonical?.geneId ?? null,
        transcriptId: canonical?.id ?? null,
        populationAf: {},
      };
      if (engine) applyCsq(out, engine.entries(allele, near, reader), f);
      for (const site of sites) applySite(out, site, site.lookup(allele.chrom, allele.pos1, allele.ref, allele.alt));
      return out;
    },
  };
}

type FieldIndexes = Record<'csq' | 'impact' | 'symbol' | 'gene' | 'feature' | 'hgvsc' | 'hgvsp', number>;

function applyCsq(out: Annotation, entries: string[], f: FieldIndexes): void {
  if (entries.length === 0) return;
  out.csq = entries.join(',');
  let bestRank = Infinity;
  let canonicalFields: string[] | undefined;
  for (const entry of entries) {
    const fields = entry.split('|');
    if (f.feature >= 0 && fields[f.feature] === out.transcriptId) canonicalFields = fields;
    for (const term of (fields[f.csq] ?? '').split('&')) {
      const rank = severityRank(term as SoTerm);
      if (term !== '' && rank < bestRank) {
        bestRank = rank;
        out.consequence = term;
        const impact = fields[f.impact];
        out.impact = impact && (IMPACTS as readonly string[]).includes(impact) ? (impact as Impact) : impactOf(term as SoTerm);
      }
    }
  }
  const c = canonicalFields ?? (out.transcriptId === null ? entries[0]?.split('|') : undefined);
  if (!c) return;
  const value = (i: number) => (i >= 0 && c[i] ? c[i]! : null);
  out.gene = value(f.symbol) ?? out.gene;
  out.geneId = value(f.gene) ?? out.geneId;
  out.transcriptId = value(f.feature) ?? out.transcriptId;
  out.hgvsc = value(f.hgvsc);
  out.hgvsp = value(f.hgvsp);
}

function applySite(out: Annotation, site: SiteLookupLike, values: string[] | undefined): void {
  if (!values) return;
  if (site.kind === 'clinvar') {
    out.clinvarSignificance = values[0] && values[0] !== '.' ? values[0] : null;
    out.clinvarReviewStatus = values[1] && values[1] !== '.' ? values[1] : null;
    return;
  }
  const af = Number(values[2]);
  if (values[2] === undefined || values[2] === '.' || !Number.isFinite(af)) return;
  out.populationAf[site.name] = af;
  out.maxPopulationAf = out.maxPopulationAf === null ? af : Math.max(out.maxPopulationAf, af);
}

/**
 * The genomics core's consequence engine (VEP-style CSQ entries). Its transcript cache is bounded
 * (TranscriptCache drops prepared transcripts beyond its limit), so a whole genome streams in flat
 * memory.
 */
export function consequenceEngine(): CsqEngineLike {
  const cache = new TranscriptCache();
  return {
    fields: [...CSQ_FIELDS],
    entries(allele, transcripts, reader) {
      const results = annotateAllele(allele, transcripts.map((t) => cache.prepare(t)), reader);
      return results.length === 0 ? [csqEntry(allele, undefined)] : results.map((c) => csqEntry(allele, c));
    },
  };
}

/**
 * Overlap queries over an in-memory transcript list: per contig sorted by start0 with a running
 * maximum of end0, so a binary search finds the first transcript that can reach the query.
 */
export function transcriptOverlap(transcripts: readonly Transcript[]): TranscriptsLike {
  const byChrom = new Map<string, { list: Transcript[]; maxEnd0: number[] }>();
  for (const t of transcripts) {
    const entry = byChrom.get(t.chrom) ?? { list: [], maxEnd0: [] };
    entry.list.push(t);
    byChrom.set(t.chrom, entry);
  }
  for (const entry of byChrom.values()) {
    entry.list.sort((a, b) => a.start0 - b.start0);
    let max = -1;
    entry.maxEnd0 = entry.list.map((t) => (max = Math.max(max, t.end0)));
  }
  return {
    overlapping(chrom, start0, end0) {
      const entry = byChrom.get(chrom);
      if (!entry) return [];
      let lo = 0;
      let hi = entry.list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (entry.maxEnd0[mid]! <= start0) lo = mid + 1;
        else hi = mid;
      }
      const out: Transcript[] = [];
      for (let i = lo; i < entry.list.length && entry.list[i]!.start0 < end0; i++) {
        if (entry.list[i]!.end0 > start0) out.push(entry.list[i]!);
      }
      return out;
    },
  };
}

/** A site table held in memory (tests, benchmarks, small sources). */
export function memorySites(name: string, kind: SiteLookupLike['kind'], rows: { chrom: string; pos1: number; ref: string; alt: string; values: string[] }[]): SiteLookupLike {
  const map = new Map(rows.map((r) => [`${r.chrom}:${r.pos1}:${r.ref}:${r.alt}`, r.values]));
  return { name, kind, lookup: (chrom, pos1, ref, alt) => map.get(`${chrom}:${pos1}:${ref}:${alt}`) };
}
