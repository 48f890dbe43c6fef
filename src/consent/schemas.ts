import Type, { type Static } from 'typebox';

export const DatePattern = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
export const IsoDate = Type.String({ pattern: DatePattern, description: 'calendar date, YYYY-MM-DD' });

export const ConsentChoicesSchema = Type.Object({
  researchUse: Type.Boolean(),
  industryUse: Type.Boolean(),
  internationalSharing: Type.Boolean(),
  recontact: Type.Boolean(),
  secondaryFindings: Type.Boolean(),
}, { additionalProperties: false });

export const ConsentBody = Type.Object({
  documentId: Type.String({ minLength: 1, maxLength: 100 }),
  signedOn: IsoDate,
  choices: ConsentChoicesSchema,
}, { additionalProperties: false });
export type ConsentInput = Static<typeof ConsentBody>;

export const WithdrawBody = Type.Object({
  effectiveOn: IsoDate,
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

export const ConsentRecord = Type.Object({
  id: Type.String(),
  documentId: Type.String(),
  kind: Type.Union([Type.Literal('consent'), Type.Literal('withdrawal')]),
  choices: ConsentChoicesSchema,
  duoCodes: Type.Array(Type.String()),
  signedOn: Type.String(),
  effectiveOn: Type.String(),
  recordedAt: Type.String(),
});
export type ConsentRecordDto = Static<typeof ConsentRecord>;

export const ConsentDocument = Type.Object({
  id: Type.String(),
  code: Type.String(),
  version: Type.String(),
  title: Type.String(),
  titleJa: Type.String(),
  effectiveFrom: Type.String(),
});

export const ParticipantParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
