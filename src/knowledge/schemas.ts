import { Type, type Static } from 'typebox';

const path = Type.String({ minLength: 1 });

export const KnowledgeBuildFlags = Type.Object({
  out: path,
  hpoOntology: Type.Optional(path),
  hpoGenes: Type.Optional(path),
  hpoDiseases: Type.Optional(path),
  clinvar: Type.Optional(path),
  civicEvidence: Type.Optional(path),
  civicVariants: Type.Optional(path),
  panelapp: Type.Array(path),
  clingenValidity: Type.Optional(path),
  clingenDosage: Type.Optional(path),
  acmgSf: Type.Optional(path),
  oncotree: Type.Optional(path),
  mane: Type.Optional(path),
  reference: Type.Optional(path),
  threads: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
});
export type KnowledgeBuildFlags = Static<typeof KnowledgeBuildFlags>;
