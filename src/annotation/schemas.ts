import { Type, type Static } from 'typebox';

export const AnnotateFlags = Type.Object({
  in: Type.String({ minLength: 1 }),
  out: Type.String({ minLength: 1 }),
  reference: Type.Optional(Type.String({ minLength: 1 })),
  gff3: Type.Optional(Type.String({ minLength: 1 })),
  gtf: Type.Optional(Type.String({ minLength: 1 })),
  fasta: Type.Optional(Type.String({ minLength: 1 })),
  threads: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
  hgvspPredicted: Type.Optional(Type.Boolean()),
});
export type AnnotateFlags = Static<typeof AnnotateFlags>;

export const ReferenceBuildFlags = Type.Object({
  gff3: Type.Optional(Type.String({ minLength: 1 })),
  gtf: Type.Optional(Type.String({ minLength: 1 })),
  fasta: Type.String({ minLength: 1 }),
  clinvar: Type.Optional(Type.String({ minLength: 1 })),
  population: Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.-]+=.+$' })),
  out: Type.String({ minLength: 1 }),
});
export type ReferenceBuildFlags = Static<typeof ReferenceBuildFlags>;
