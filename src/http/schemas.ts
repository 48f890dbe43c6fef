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

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export const Ok = Type.Object({ ok: Type.Literal(true) });
