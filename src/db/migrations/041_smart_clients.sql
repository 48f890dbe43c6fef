-- SMART Backend Services (src/auth/smart.ts): hospital systems registered with their public keys,
-- the short-lived access tokens issued to them (SHA-256 only, as for API tokens), and the JWT ids
-- of assertions already used, so a captured assertion cannot be replayed before it expires.

CREATE TABLE smart_clients (
  client_id   text PRIMARY KEY,
  org_id      text NOT NULL REFERENCES organisations(id),
  name        text NOT NULL,
  jwks        jsonb,
  jwks_url    text,
  -- The most this client may be granted (system/<type>.read|write, system/*.read, …).
  scopes      text[] NOT NULL,
  created_by  text REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK ((jwks IS NULL) <> (jwks_url IS NULL))
);

CREATE TABLE smart_access_tokens (
  token_hash  text PRIMARY KEY,
  client_id   text NOT NULL REFERENCES smart_clients(client_id),
  scopes      text[] NOT NULL,
  issued_at   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX smart_access_tokens_expiry ON smart_access_tokens (expires_at);

CREATE TABLE smart_assertion_jtis (
  client_id   text NOT NULL REFERENCES smart_clients(client_id),
  jti         text NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
