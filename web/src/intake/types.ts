/**
 * API shapes of the intake module, from the server's TypeBox schemas (src/intake/schemas.ts) as
 * types only, as in specimens/types.ts, so that the pages cannot drift from what the API sends.
 */
import type { Static } from 'typebox';
import type {
  CarriersResponse,
  CaseSequencing as CaseSequencingSchema,
  GateResult as GateResultSchema,
  ResultFile as ResultFileSchema,
  Run,
  VariantTable as VariantTableSchema,
} from '../../../src/intake/schemas.js';

/** `GET /api/cases/:id/sequencing`: runs with their gates, result files, re-sequencing requests. */
export type CaseSequencing = Static<typeof CaseSequencingSchema>;
export type SequencingRun = Static<typeof Run>;
export type ResultFile = Static<typeof ResultFileSchema>;
export type GateResult = Static<typeof GateResultSchema>;
export type GateMetric = GateResult['metric'];

export type VariantTable = Static<typeof VariantTableSchema>;
export type VariantRow = VariantTable['items'][number];
/** `GET /api/variant-carriers`: carriers in the cases the caller may see, and the platform count. */
export type VariantCarriers = Static<typeof CarriersResponse>;
