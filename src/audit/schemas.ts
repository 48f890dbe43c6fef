import Type, { type Static } from 'typebox';

const Timestamp = Type.String({ format: 'date-time' });

export const AuditQuery = Type.Object({
  entityType: Type.Optional(Type.String({ maxLength: 100 })),
  entityId: Type.Optional(Type.String({ maxLength: 200 })),
  actorId: Type.Optional(Type.String({ maxLength: 100 })),
  /** One action (`case.read`) or, ending in a dot, every action under it (`case.`). */
  action: Type.Optional(Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*\\.?$', maxLength: 100 })),
  /** Entries about this case: its own events and the case lists that returned it. */
  caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** Half-open time range [from, to). */
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  /** Bounded so that 1e20 is a 400, not a SQL error (no log reaches 2^31 entries). */
  beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}, { additionalProperties: false });
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Timestamp,
  actorKind: Type.Enum(['user', 'token', 'system']),
  actorId: Type.Union([Type.String(), Type.Null()]),
  /** The user name, or the API token's name, when the actor is known. */
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorOrgId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  /** Pass as beforeSeq for the next (older) page; null on the last page. */
  nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]),
});

export const VerifyResponse = Type.Union([
  Type.Object({ ok: Type.Literal(true), entries: Type.Integer(), headHash: Type.String(), checkpoints: Type.Integer(), checkedAt: Timestamp }),
  Type.Object({ ok: Type.Literal(false), entries: Type.Integer(), firstBadSeq: Type.Integer(), problem: Type.String(), checkedAt: Timestamp }),
]);
