import type { SampleVariant, SampleVariantQuery, Page } from '../variant-store/index.js';
import type { AnnotatedAllele } from './annotated-reader.js';
import type { Call } from './genotype.js';
import { KEEP_LOW, MAX_AF } from './prioritise.js';

/** What the platform reads calls through (the VariantStore; withdrawal filters apply there). */
export interface SampleVariantReader {
  sampleVariants(query: SampleVariantQuery): Promise<Page<SampleVariant>>;
}

/** The family's variant-store sample ids: the proband's, and each sequenced parent's. */
export interface FamilySamples {
  proband: string;
  mother?: string;
  father?: string;
}

/** The variant store's largest page (duckdb-query.ts MAX_PAGE). */
const PAGE = 1000;
/** Where a platform run's population frequency comes from: the ingest's reference-bundle populations. */
export const STORE_AF_SOURCE = 'max population AF of the reference bundle';

async function allPages(reader: SampleVariantReader, query: Omit<SampleVariantQuery, 'limit' | 'offset'>): Promise<SampleVariant[]> {
  const rows: SampleVariant[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await reader.sampleVariants({ ...query, sort: 'position', limit: PAGE, offset });
    rows.push(...page.rows);
    if (page.rows.length < PAGE || rows.length >= page.total) return rows;
  }
}

/**
 * The proband's rare protein-altering calls, grouped by gene, with the parents' genotypes at the
 * same alleles: the input `rankGenes` takes, read from the variant store instead of a VCF. The
 * filters are the command's (HIGH/MODERATE impact or a splice-region term; max population AF ≤
 * the loosest mode ceiling). The store keeps variant calls only, so a parent without a call at a
 * site is read as homozygous reference (0/0): documented in docs/interpretation.md.
 */
export async function familyAlleles(reader: SampleVariantReader, samples: FamilySamples): Promise<Map<string, AnnotatedAllele[]>> {
  const proband = [
    ...(await allPages(reader, { sampleId: samples.proband, impacts: ['HIGH', 'MODERATE'], maxPopulationAf: MAX_AF })),
    ...(await allPages(reader, { sampleId: samples.proband, impacts: ['LOW'], consequences: [...KEEP_LOW], maxPopulationAf: MAX_AF })),
  ].filter((r) => r.gene !== null && r.gt !== null && /[1-9]/.test(r.gt));
  const genes = [...new Set(proband.map((r) => r.gene!))];
  const parents: Array<[string, Map<bigint, SampleVariant>]> = [];
  for (const id of [samples.mother, samples.father]) {
    if (id === undefined || genes.length === 0) continue;
    parents.push([id, new Map((await allPages(reader, { sampleId: id, genes })).map((r) => [r.variantKey, r]))]);
  }
  const out = new Map<string, AnnotatedAllele[]>();
  for (const r of proband) {
    const calls: Record<string, Call> = { [samples.proband]: callOf(r) };
    for (const [id, rows] of parents) {
      const p = rows.get(r.variantKey);
      calls[id] = p ? callOf(p) : { gt: homRefLike(r.gt!) };
    }
    let list = out.get(r.gene!);
    if (!list) out.set(r.gene!, (list = []));
    list.push(alleleOf(r, calls));
  }
  return out;
}

function callOf(r: SampleVariant): Call {
  return { gt: r.gt ?? '.', ...(r.dp !== null ? { depth: r.dp } : {}) };
}

/** 0/0, or 0 for a haploid call (chrX in a male). */
function homRefLike(gt: string): string {
  return gt.split(/[/|]/).length === 1 ? '0' : '0/0';
}

function alleleOf(r: SampleVariant, calls: Record<string, Call>): AnnotatedAllele {
  // The store keeps the canonical transcript's HGVS, not CSQ's Protein_position: read it from HGVSp.
  const proteinPosition = /^p\.\(?[A-Z][a-z]{0,2}(\d+)/.exec(r.hgvsp?.split(':').pop() ?? '')?.[1] ?? '';
  return {
    chrom: r.chrom, pos1: r.pos1, ref: r.ref, alt: r.alt, gene: r.gene!, transcript: '',
    consequences: (r.consequence ?? '').split('&'), impact: r.impact ?? 'MODIFIER',
    hgvsc: r.hgvsc ?? '', hgvsp: r.hgvsp ?? '', exon: '', proteinPosition,
    af: r.maxPopulationAf, afSource: STORE_AF_SOURCE,
    ...(r.clinvarSignificance ? { clinvar: r.clinvarSignificance } : {}),
    calls,
  };
}
