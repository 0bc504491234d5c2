import type Database from 'better-sqlite3'
import { ENVELOPE_PREFIX, type SecretBox } from '../secret-box'
import { sealStoredText } from '../private-key-codec'

/** What a migration written in code (not only SQL) may use. */
export interface MigrationContext {
  /** Seals private key parts (secret-box.ts). */
  readonly box: SecretBox
}

export interface Migration {
  readonly id: number
  readonly name: string
  readonly sql: string
  /** Runs after `sql`, in the same transaction. */
  readonly run?: (db: Database.Database, context: MigrationContext) => void
}

/** Migration 8: every private key part still stored as plain JSON is sealed. */
function sealPlaintextKeys(db: Database.Database, { box }: MigrationContext): void {
  const rows = db.prepare(`SELECT workspace_id, kid, private_jwk FROM keys WHERE substr(private_jwk, 1, ?) <> ?`)
    .all(ENVELOPE_PREFIX.length, ENVELOPE_PREFIX) as { workspace_id: string; kid: string; private_jwk: string }[]
  const update = db.prepare(`UPDATE keys SET private_jwk = ? WHERE workspace_id = ? AND kid = ?`)
  for (const r of rows) update.run(sealStoredText(box, r.workspace_id, r.kid, r.private_jwk), r.workspace_id, r.kid)
}

/**
 * Numbered migrations; `PRAGMA user_version` records the last one applied.
 * Append only: a shipped migration is never edited.
 */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'workspaces, versions, personas, keys, meta',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        is_demo INTEGER NOT NULL DEFAULT 0,
        current_version INTEGER NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE workspace_versions (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        files TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, version)
      );
      CREATE TABLE personas (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        label TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        claims TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, id)
      );
      CREATE TABLE keys (
        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        kid TEXT NOT NULL,
        alg TEXT NOT NULL,
        kty TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        public_jwk TEXT,
        private_jwk TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, kid)
      );
    `,
  },
  {
    id: 2,
    name: 'decision log',
    sql: `
      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        verdict TEXT NOT NULL,
        decided_by TEXT,
        reason TEXT,
        component TEXT,
        action TEXT,
        session_id TEXT,
        persona TEXT,
        connection_id TEXT,
        workspace_id TEXT,
        workspace_version INTEGER,
        profile TEXT NOT NULL,
        duration_us REAL NOT NULL,
        trace TEXT NOT NULL,
        warnings TEXT NOT NULL DEFAULT '[]',
        auth TEXT NOT NULL,
        payload_digest TEXT,
        payload TEXT,
        payload_truncated INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX decisions_at ON decisions (at);
      CREATE INDEX decisions_verdict_at ON decisions (verdict, at);
      CREATE INDEX decisions_component_action_at ON decisions (component, action, at);
      CREATE INDEX decisions_session_at ON decisions (session_id, at);
    `,
  },
  {
    id: 3,
    name: 'decision log: filter indexes and reason search',
    // Denials carry reasons; allows do not, so the FTS trigger only fires for denials.
    // Trigram tokens make the search a case-insensitive substring match.
    sql: `
      CREATE INDEX decisions_kind_at ON decisions (kind, at);
      CREATE INDEX decisions_decided_by_at ON decisions (decided_by, at);
      CREATE INDEX decisions_version_at ON decisions (workspace_version, at);
      CREATE INDEX decisions_persona_at ON decisions (persona, at);
      CREATE INDEX decisions_component_at ON decisions (component, at);
      CREATE VIRTUAL TABLE decisions_reason_fts USING fts5(reason, content='decisions', content_rowid='id', tokenize='trigram');
      INSERT INTO decisions_reason_fts (rowid, reason) SELECT id, reason FROM decisions WHERE reason IS NOT NULL;
      CREATE TRIGGER decisions_reason_ai AFTER INSERT ON decisions WHEN new.reason IS NOT NULL BEGIN
        INSERT INTO decisions_reason_fts (rowid, reason) VALUES (new.id, new.reason);
      END;
      CREATE TRIGGER decisions_reason_ad AFTER DELETE ON decisions WHEN old.reason IS NOT NULL BEGIN
        INSERT INTO decisions_reason_fts (decisions_reason_fts, rowid, reason) VALUES ('delete', old.id, old.reason);
      END;
    `,
  },
  {
    id: 4,
    name: 'decision log: reasons indexed by the writer, not by an insert trigger',
    // An AFTER INSERT trigger copies the whole new row (its ~2 KB trace included) even
    // when its WHEN is false: inserts ran at about half speed. The writer thread now
    // adds the reason to decisions_reason_fts in the same transaction (decision-writer-source.ts).
    sql: `
      DROP TRIGGER decisions_reason_ai;
    `,
  },
  {
    id: 5,
    name: 'decision log: folded decisions (per-connection logging budget)',
    // A row stands for repeat_count decisions: itself and the identical ones folded into it
    // while its connection was over budget (decision-budget.ts); last_at is when the last of
    // them was made. An overflow row (folded_variants set) counts distinct decisions that found
    // no token: it lists them as JSON instead of holding a reason, trace or payload.
    // ADD COLUMN with a constant default rewrites nothing, so this is instant on a big log.
    // Counts are count(*) plus repeat_count - 1 over the folded rows only (decision-counts.ts):
    // their partial index keeps that second half small, and summing every row would read the table.
    sql: `
      ALTER TABLE decisions ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE decisions ADD COLUMN last_at INTEGER;
      ALTER TABLE decisions ADD COLUMN folded_variants TEXT;
      CREATE INDEX decisions_folded ON decisions (at, verdict, repeat_count) WHERE repeat_count > 1;
    `,
  },
  {
    id: 6,
    name: 'decision log: decisions observed through the recording proxy',
    // source: the upstream whose decision a row records (NULL: the studio's own live server).
    // observed: what the upstream answered and what the workspace predicts for the same request
    // (JSON); mismatch = 1 when they disagree. Both indexes are partial: rows of the studio's own
    // server, the bulk of a log, cost nothing in them.
    sql: `
      ALTER TABLE decisions ADD COLUMN source TEXT;
      ALTER TABLE decisions ADD COLUMN observed TEXT;
      ALTER TABLE decisions ADD COLUMN mismatch INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX decisions_source ON decisions (source, at) WHERE source IS NOT NULL;
      CREATE INDEX decisions_mismatch ON decisions (at) WHERE mismatch = 1;
    `,
  },
  {
    id: 7,
    name: 'workspace versions: the errors a version was saved with',
    // JSON list of the load and TypeScript errors the user chose to save anyway
    // (version-problems.ts); NULL for a version saved without errors. History marks
    // a version with any as broken. Constant default: instant on any store.
    sql: `
      ALTER TABLE workspace_versions ADD COLUMN problems TEXT;
    `,
  },
  {
    id: 8,
    name: 'keys: private parts encrypted at rest',
    // AES-256-GCM envelopes (secret-box.ts) bound to workspace and kid; the key comes from
    // STUDIO_SECRET, STUDIO_SECRET_FILE or the data folder's generated secret.key.
    sql: '',
    run: sealPlaintextKeys,
  },
]

/** Applies every migration newer than the file's `user_version`, each in its own transaction. */
export function migrate(db: Database.Database, context: MigrationContext): { applied: number[]; version: number } {
  const current = db.pragma('user_version', { simple: true }) as number
  const applied: number[] = []
  for (const m of migrations) {
    if (m.id <= current) continue
    db.transaction(() => {
      if (m.sql) db.exec(m.sql)
      m.run?.(db, context)
      db.pragma(`user_version = ${m.id}`)
    })()
    applied.push(m.id)
  }
  return { applied, version: Math.max(current, ...applied) }
}
