import Type from 'typebox';

/** Shared response shapes, referenced by every module's routes. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    kind: Type.String(),
    message: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
  }),
});

/** PostgreSQL's int4 range: an offset or id beyond it is a 400 here, not an out-of-range error in SQL. */
export const MAX_INT4 = 2_147_483_647;
export const Offset = Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_INT4, default: 0 }));

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Offset,
};

export const Ok = Type.Object({ ok: Type.Literal(true) });
