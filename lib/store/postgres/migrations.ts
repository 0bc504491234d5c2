/**
 * The Postgres schema as numbered migrations; `schema_migrations` records those applied.
 * Append only: a shipped migration is never edited. The tables hold what the SQLite
 * store holds (lib/store/migrations.ts), in Postgres types: JSON text kept as `json`
 * (key order preserved), times of workspace rows as timestamptz, decision times as epoch ms.
 */
export interface PostgresMigration {
  readonly id: number
  readonly name: string
  readonly sql: string
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    id: 1,
    name: 'workspaces, versions, personas, keys, meta',
    // seq columns keep creation order among equal timestamps (SQLite used its rowid). A key's created_at is
    // the key's own ISO timestamp (given by the caller), kept as text; private_jwk is a SecretBox envelope.
    sql: `
      CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE workspaces (
        id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        is_demo boolean NOT NULL DEFAULT false,
        current_version integer NOT NULL,
        settings json NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE workspace_versions (
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        version integer NOT NULL,
        files json NOT NULL,
        message text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL,
        problems json,
        PRIMARY KEY (workspace_id, version)
      );
      CREATE TABLE personas (
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        label text NOT NULL,
        description text NOT NULL DEFAULT '',
        kind text NOT NULL,
        claims json,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE keys (
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        kid text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        alg text NOT NULL,
        kty text NOT NULL,
        label text NOT NULL DEFAULT '',
        public_jwk json,
        private_jwk text NOT NULL,
        created_at text NOT NULL,
        PRIMARY KEY (workspace_id, kid)
      );
    `,
  },
  {
    id: 2,
    name: 'decision log',
    // Every filter index ends in (at, id): a filtered page is one index range read backwards, stopping
    // after its limit (keyset paging on (at, id)). Reasons are searched through decision_reasons, one
    // row per distinct reason with a trigram index (a case-insensitive substring match, like SQLite's
    // trigram FTS): a trigram GIN index on the log itself halved the write rate, while the log repeats a
    // few hundred reasons. reason_id points there; the log keeps the reason text too (pages show it).
    // repeat_count / last_at / folded_variants: folded decisions (decision-budget.ts), found through their
    // partial index. decision_batches: batches already committed, so a batch retried after a lost
    // acknowledgement is not written twice.
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE TABLE decisions (
        id bigint PRIMARY KEY,
        at bigint NOT NULL,
        kind text NOT NULL,
        verdict text NOT NULL,
        decided_by text,
        reason text,
        component text,
        action text,
        session_id text,
        persona text,
        connection_id text,
        workspace_id text,
        workspace_version integer,
        profile text NOT NULL,
        duration_us double precision NOT NULL,
        trace text NOT NULL,
        warnings text NOT NULL DEFAULT '[]',
        auth text NOT NULL,
        payload_digest text,
        payload text,
        payload_truncated boolean NOT NULL DEFAULT false,
        repeat_count integer NOT NULL DEFAULT 1,
        last_at bigint,
        folded_variants text,
        source text,
        observed text,
        mismatch boolean NOT NULL DEFAULT false,
        reason_id integer
      );
      CREATE TABLE decision_reasons (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        reason text NOT NULL,
        digest text GENERATED ALWAYS AS (md5(reason)) STORED UNIQUE
      );
      CREATE INDEX decision_reasons_trgm ON decision_reasons USING gin (reason gin_trgm_ops);
      CREATE SEQUENCE decisions_id_seq OWNED BY decisions.id;
      CREATE INDEX decisions_at ON decisions (at, id);
      CREATE INDEX decisions_verdict_at ON decisions (verdict, at, id);
      CREATE INDEX decisions_kind_at ON decisions (kind, at, id);
      CREATE INDEX decisions_decided_by_at ON decisions (decided_by, at, id);
      CREATE INDEX decisions_component_at ON decisions (component, at, id);
      CREATE INDEX decisions_component_action_at ON decisions (component, action, at, id);
      CREATE INDEX decisions_session_at ON decisions (session_id, at, id);
      CREATE INDEX decisions_persona_at ON decisions (persona, at, id);
      CREATE INDEX decisions_version_at ON decisions (workspace_version, at, id);
      CREATE INDEX decisions_reason_at ON decisions (reason_id, at, id) WHERE reason_id IS NOT NULL;
      CREATE INDEX decisions_source ON decisions (source, at, id) WHERE source IS NOT NULL;
      CREATE INDEX decisions_mismatch ON decisions (at, id) WHERE mismatch;
      CREATE INDEX decisions_folded ON decisions (at, verdict, repeat_count) WHERE repeat_count > 1;
      CREATE TABLE decision_batches (id uuid PRIMARY KEY, committed_at timestamptz NOT NULL DEFAULT now());
    `,
  },
]

/** The newest migration's id: the schema version a fully migrated database has. */
export const LATEST_POSTGRES_MIGRATION = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.id))
