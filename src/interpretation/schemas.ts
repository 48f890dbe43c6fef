import { Type, type Static } from 'typebox';

const path = Type.String({ minLength: 1 });

export const PrioritiseFlags = Type.Object({
  vcf: path,
  gff3: Type.Optional(path),
  fasta: Type.Optional(path),
  reference: Type.Optional(path),
  knowledge: path,
  hpo: Type.Optional(Type.String({ pattern: '^HP:[0-9]{7}(,HP:[0-9]{7})*$' })),
  ped: Type.Optional(path),
  proband: Type.Optional(Type.String({ minLength: 1 })),
  panel: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_.-]+(@[0-9A-Za-z_.-]+)?$' })),
  top: Type.Optional(Type.Integer({ minimum: 1 })),
  json: Type.Optional(Type.Boolean()),
  threads: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
});
export type PrioritiseFlags = Static<typeof PrioritiseFlags>;

// HTTP: case HPO terms, interpretation runs and their ranked candidates ---------------------------

const Id = Type.String({ minLength: 1, maxLength: 100 });
const HpoId = Type.String({ pattern: '^HP:[0-9]{7}$' });
const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CaseIdParam = Type.Object({ id: Id });
export const RunIdParam = Type.Object({ runId: Id });

export const PhenotypeBody = Type.Object({ terms: Type.Array(HpoId, { maxItems: 200 }) }, { additionalProperties: false });
export type PhenotypeBody = Static<typeof PhenotypeBody>;

export const Phenotype = Type.Object({
  caseId: Type.String(),
  terms: Type.Array(Type.Object({ id: Type.String(), label: Nullable(Type.String()) })),
  setBy: Nullable(Type.String()),
  setAt: Nullable(Type.String({ format: 'date-time' })),
});

export const HpoSearchQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) });
export const HpoSearchResult = Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })) });

const RunView = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  status: Type.String(),
  knowledge: Type.Object({ id: Type.String(), curatedVersion: Type.Integer(), sources: Type.Record(Type.String(), Type.String()), demo: Type.Boolean() }),
  pipelineVersion: Type.String(),
  hpoTerms: Type.Array(Type.String()),
  family: Type.Unknown(),
  error: Type.Unknown(),
  requestedBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  candidates: Type.Optional(Type.Integer()),
});

export const RunList = Type.Object({ caseId: Type.String(), notReady: Nullable(Type.String()), items: Type.Array(RunView) });

export const RunDetailQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
export const RunDetail = Type.Object({
  run: RunView,
  candidates: Type.Array(Type.Object({
    rank: Type.Integer(),
    gene: Type.String(),
    mode: Type.String(),
    score: Type.Number(),
    variantScore: Type.Number(),
    phenotypeScore: Nullable(Type.Number()),
    acmgClass: Type.String(),
    variants: Type.Array(Type.Unknown()),
    phenotype: Type.Unknown(),
    explanation: Type.Array(Type.String()),
  })),
});

export const RunRequested = Type.Object({ caseId: Type.String(), jobId: Type.String() });
