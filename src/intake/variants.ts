import type { RequestContext } from '../auth/index.js';
import type { Queryable } from '../db/index.js';
import { audit } from '../audit/index.js';
import { conflict, invalidInput } from '../errors.js';
import { assertCaseAccess, visibleCases, withdrawnError } from '../registry/index.js';
import type { Carrier, CarrierCountQuery, CarrierCounts, SampleVariantQuery, SampleVariant, Page, VariantLocator } from '../variant-store/interface.js';
import type { VariantsQuery } from './schemas.js';
import type { IntakeDeps } from './service.js';
import { platformCount, roundingBase, suppressSmallCount } from './small-counts.js';
import * as store from './store.js';

export { suppressSmallCount } from './small-counts.js';

/**
 * A case's variant table, read from the variant store by sample id (= run id of the library whose
 * calls were loaded: the tumour for a somatic VCF, each member for a germline VCF). Clinical data
 * never go to the variant store; the case → sample join happens here, in PostgreSQL.
 */
export interface VariantSource {
  sampleVariants(query: SampleVariantQuery): Promise<Page<SampleVariant>>;
  carrierCounts(query: CarrierCountQuery): Promise<CarrierCounts>;
  carriers(variant: VariantLocator, options?: { excludeSampleIds?: readonly string[] }): Promise<Carrier[]>;
}


export interface CaseSample {
  sampleId: string;
  fileId: string;
  kind: 'germline' | 'somatic';
  role: 'tumour' | 'germline';
  participantId: string;
  specimenId: string;
}

/** The case's loaded samples, less those of participants who withdrew (`withdrawn`: their run ids). */
export function caseSamples(files: store.FileRow[], withdrawn: ReadonlySet<string> = new Set()): CaseSample[] {
  return files.filter((f) => f.status === 'queued').flatMap((f) => f.samples
    .filter((s) => s.role !== 'normal' && !withdrawn.has(s.runId))
    .map((s) => ({
      sampleId: s.runId, fileId: f.id, kind: f.kind === 'somatic_vcf' ? 'somatic' as const : 'germline' as const,
      role: s.role === 'tumour' ? 'tumour' as const : 'germline' as const, participantId: s.participantId, specimenId: s.specimenId,
    })));
}

/** The store, or 409: a server started without the variant pipeline has none. */
function requireStore(variants: VariantSource | null): VariantSource {
  if (!variants) throw conflict('VARIANT_STORE_UNAVAILABLE', 'the variant store is not available in this server process', {});
  return variants;
}

const list = (text: string | undefined) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export async function caseVariants(deps: IntakeDeps & { variants: VariantSource | null }, ctx: RequestContext, caseId: string, q: VariantsQuery) {
  const { samples, withdrawn } = await deps.db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId);
    const excluded = await store.withdrawnSampleIds(tx);
    const files = await store.filesOfCase(tx, caseId);
    const gone = q.sampleId && excluded.includes(q.sampleId) ? caseSamples(files).find((x) => x.sampleId === q.sampleId) : undefined;
    if (gone) throw withdrawnError('sample', gone.sampleId, gone.participantId);
    const s = caseSamples(files, new Set(excluded));
    await audit(tx, ctx, { action: 'variants.read', entityType: 'case', entityId: caseId, details: { sampleId: q.sampleId ?? s[0]?.sampleId ?? null } });
    return { samples: s, withdrawn: excluded };
  });
  const sampleId = q.sampleId ?? samples[0]?.sampleId;
  if (!sampleId) return { samples, sampleId: null, items: [], total: 0 };
  if (!samples.some((s) => s.sampleId === sampleId)) {
    throw invalidInput('INVALID_INPUT', `sampleId: case ${caseId} has no loaded sample ${sampleId}`, { field: 'querystring.sampleId' });
  }
  const variants = requireStore(deps.variants);
  const page = await variants.sampleVariants({
    sampleId,
    ...(list(q.gene) ? { genes: list(q.gene)! } : {}),
    ...(list(q.consequence) ? { consequences: list(q.consequence)! } : {}),
    ...(list(q.impact) ? { impacts: list(q.impact) as SampleVariantQuery['impacts'] } : {}),
    ...(q.maxAf !== undefined ? { maxPopulationAf: q.maxAf } : {}),
    ...(list(q.clinvar) ? { clinvar: list(q.clinvar)! } : {}),
    ...(q.passOnly ? { passOnly: true } : {}),
    sort: q.sort ?? 'position', descending: q.order === 'desc', limit: q.limit ?? 50, offset: q.offset ?? 0,
  });
  // In-cohort frequency: other samples of the same kind (germline beside germline, tumour beside tumour).
  const kind = samples.find((s) => s.sampleId === sampleId)!.kind;
  const counts = page.rows.length > 0
    ? await variants.carrierCounts({ keys: page.rows.map((r) => r.variantKey), kind, excludeSampleId: sampleId, excludeSampleIds: withdrawn })
    : { samples: 0, counts: new Map<bigint, number>() };
  return {
    samples, sampleId, total: page.total,
    cohort: { kind, samples: counts.samples, minCellSize: deps.minCellSize, roundingBase: roundingBase(deps.minCellSize) },
    items: page.rows.map((r) => ({
      ...r, variantKey: r.variantKey.toString(), otherCarriers: suppressSmallCount(counts.counts.get(r.variantKey) ?? 0, deps.minCellSize),
    })),
  };
}

/**
 * The samples carrying one variant in the cases the caller may see (a hospital its own cases; the
 * data center and central management every case), each with its case, participant and genotype.
 * How many samples carry it on the whole platform is an aggregate, under the small-count rule.
 * Audited like every read of individual-level data.
 */
export async function variantCarriers(deps: Pick<IntakeDeps, 'db' | 'minCellSize'> & { variants: VariantSource | null }, ctx: RequestContext, v: VariantLocator) {
  const variants = requireStore(deps.variants);
  return deps.db.transaction(async (tx) => {
    // Read inside the transaction that reads the cases, so a committed withdrawal is always honoured.
    const carriers = await variants.carriers(v, { excludeSampleIds: await store.withdrawnSampleIds(tx) });
    const samples = new Map((await store.casesOfSamples(tx, carriers.map((c) => c.sampleId))).map((s) => [s.sample_id, s]));
    const visible = await visibleCases(tx, ctx.actor, [...new Set([...samples.values()].map((s) => s.case_id))]);
    const items = carriers.flatMap((c) => {
      const s = samples.get(c.sampleId);
      if (!s || !visible.has(s.case_id)) return [];
      return [{ caseId: s.case_id, participantId: s.participant_id, role: s.role, sampleId: c.sampleId, kind: c.kind, gt: c.gt, vaf: c.vaf, dp: c.dp, filter: c.filter }];
    }).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
    await audit(tx, ctx, {
      action: 'variants.carriers.read', entityType: 'variant', entityId: `${v.chrom}:${v.pos1}:${v.ref}:${v.alt}`,
      details: { cases: [...new Set(items.map((i) => i.caseId))] },
    });
    const visibleSamples = new Set(items.map((i) => i.sampleId)).size;
    return {
      variant: v, platformCarriers: platformCount(carriers.length, visibleSamples, deps.minCellSize),
      minCellSize: deps.minCellSize, roundingBase: roundingBase(deps.minCellSize), items,
    };
  });
}

/** The samples of a case whose calls are (queued to be) in the variant store, less withdrawn participants', for other modules. */
export async function samplesOfCase(q: Queryable, caseId: string): Promise<CaseSample[]> {
  return caseSamples(await store.filesOfCase(q, caseId), new Set(await store.withdrawnSampleIds(q)));
}

/** Run ids of participants who withdrew: other modules drop them from what they stored earlier. */
export function withdrawnSamples(q: Queryable): Promise<string[]> {
  return store.withdrawnSampleIds(q);
}

/** Which case each variant-store sample belongs to (after an ingest, to start that case's interpretation). */
export async function casesOfSampleIds(q: Queryable, sampleIds: readonly string[]): Promise<Array<{ sampleId: string; caseId: string }>> {
  return (await store.casesOfSamples(q, sampleIds)).map((s) => ({ sampleId: s.sample_id, caseId: s.case_id }));
}
