import Type from 'typebox';
import { ORG_TYPES, ALL_PRINCIPALS } from './roles.js';

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export const Me = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  orgId: Type.String(),
  orgType: Type.Enum(ORG_TYPES),
  orgName: Type.String(),
  orgNameJa: Type.String(),
  role: Type.String(),
  principal: Type.Enum(ALL_PRINCIPALS),
  csrfToken: Type.String(),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const Permissions = Type.Object({
  principal: Type.Enum(ALL_PRINCIPALS),
  routes: Type.Array(Type.String()),
});

export const OrgBody = Type.Object({
  id: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$' }),
  type: Type.Enum(ORG_TYPES),
  sector: Type.Optional(Type.Union([Type.Literal('academic'), Type.Literal('industry')])),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  nameJa: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export const Org = Type.Object({
  id: Type.String(),
  type: Type.String(),
  sector: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  nameJa: Type.String(),
});

export const UserBody = Type.Object({
  orgId: Type.String({ minLength: 1 }),
  username: Type.String({ pattern: '^[a-z0-9._-]{3,64}$' }),
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.String({ minLength: 1 }),
  password: Type.String({ minLength: 12, maxLength: 200 }),
}, { additionalProperties: false });

export const TokenBody = Type.Object({
  orgId: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.String({ minLength: 1 }),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false });

const NullableTimestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const User = Type.Object({
  id: Type.String(), orgId: Type.String(), username: Type.String(), displayName: Type.String(), role: Type.String(), active: Type.Boolean(),
});

/** An API token as listed: never its secret, which is shown once when it is created. */
export const Token = Type.Object({
  id: Type.String(), orgId: Type.String(), name: Type.String(), role: Type.String(), createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }), expiresAt: NullableTimestamp, revokedAt: NullableTimestamp,
});

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** A hospital system for SMART Backend Services: its public keys (JWK Set or URL) and scope ceiling. */
export const SmartClientBody = Type.Object({
  orgId: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  jwks: Type.Optional(Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 20 }) })),
  jwksUrl: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  scopes: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 }),
}, { additionalProperties: false });
