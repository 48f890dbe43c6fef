import type { RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import { conflict, invalidInput } from '../errors.js';
import { assertCaseAccess } from '../registry/index.js';
import type { CarrierCountQuery, CarrierCounts, SampleVariantQuery, SampleVariant, Page } from '../variant-store/interface.js';
import type { VariantsQuery } from './schemas.js';
import type { IntakeDeps } from './service.js';
import * as store from './store.js';

/**
 * A case's variant table, read from the variant store by sample id (= run id of the library whose
 * calls were loaded: the tumour for a somatic VCF, each member for a germline VCF). Clinical data
 * never go to the variant store; the case → sample join happens here, in PostgreSQL.
 */
export interface VariantSource {
  sampleVariants(query: SampleVariantQuery): Promise<Page<SampleVariant>>;
  carrierCounts(query: CarrierCountQuery): Promise<CarrierCounts>;
}

/**
 * How many other samples carry a variant is an aggregate over other patients: 1 to minCellSize − 1
 * is reported as null ("fewer than minCellSize"), since a small count can point at a person (a
 * relative, a patient at the same hospital). Zero says nothing about anyone and is shown.
 */
export function suppressSmallCount(n: number, minCellSize: number): number | null {
  return n === 0 || n >= minCellSize ? n : null;
}

export interface CaseSample {
  sampleId: string;
  fileId: string;
  kind: 'germline' | 'somatic';
  role: 'tumour' | 'germline';
  participantId: string;
  specimenId: string;
}

export function caseSamples(files: store.FileRow[]): CaseSample[] {
  return files.filter((f) => f.status === 'queued').flatMap((f) => f.samples
    .filter((s) => s.role !== 'normal')
    .map((s) => ({
      sampleId: s.runId, fileId: f.id, kind: f.kind === 'somatic_vcf' ? 'somatic' as const : 'germline' as const,
      role: s.role === 'tumour' ? 'tumour' as const : 'germline' as const, participantId: s.participantId, specimenId: s.specimenId,
    })));
}

const list = (text: string | undefined) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export async function caseVariants(deps: IntakeDeps & { variants: VariantSource | null }, ctx: RequestContext, caseId: string, q: VariantsQuery) {
  const samples = await deps.db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId);
    const s = caseSamples(await store.filesOfCase(tx, caseId));
    await audit(tx, ctx, { action: 'variants.read', entityType: 'case', entityId: caseId, details: { sampleId: q.sampleId ?? s[0]?.sampleId ?? null } });
    return s;
  });
  const sampleId = q.sampleId ?? samples[0]?.sampleId;
  if (!sampleId) return { samples, sampleId: null, items: [], total: 0 };
  if (!samples.some((s) => s.sampleId === sampleId)) {
    throw invalidInput('INVALID_INPUT', `sampleId: case ${caseId} has no loaded sample ${sampleId}`, { field: 'querystring.sampleId' });
  }
  if (!deps.variants) throw conflict('VARIANT_STORE_UNAVAILABLE', 'the variant store is not available in this server process', {});
  const page = await deps.variants.sampleVariants({
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
    ? await deps.variants.carrierCounts({ keys: page.rows.map((r) => r.variantKey), kind, excludeSampleId: sampleId })
    : { samples: 0, counts: new Map<bigint, number>() };
  return {
    samples, sampleId, total: page.total,
    cohort: { kind, samples: counts.samples, minCellSize: deps.minCellSize },
    items: page.rows.map((r) => ({
      ...r, variantKey: r.variantKey.toString(), otherCarriers: suppressSmallCount(counts.counts.get(r.variantKey) ?? 0, deps.minCellSize),
    })),
  };
}
