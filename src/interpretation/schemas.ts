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
