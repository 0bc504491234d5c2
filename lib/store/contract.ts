/**
 * The store contract: what every implementation of the studio's store provides
 * (SQLite under lib/store/sqlite, the default; Postgres under lib/store/postgres
 * when STUDIO_DATABASE_URL is set). Callers depend on these interfaces only;
 * `openStore` (open-store.ts) picks the implementation.
 *
 * Rules every implementation keeps:
 * - Every read and write returns a Promise. A resolved write is acknowledged: it is
 *   durable (committed) and every later read, on any instance sharing the database, sees it.
 *   A rejected one changed nothing.
 * - Errors are StoreError (errors.ts) with a stable code: STORE_NOT_FOUND when the
 *   workspace / version named does not exist, STORE_CONFLICT when an id is taken,
 *   STORE_INVALID for a value refused, STORE_SECRET_MISMATCH when a private key cannot be
 *   decrypted, STORE_UNAVAILABLE when the database cannot be reached. Input that fails a
 *   zod schema (workspace files, personas) throws that ZodError unchanged.
 * - Timestamps are ISO 8601 strings from the store's clock (`now` option); decision
 *   times are the epoch milliseconds the caller reported.
 * - Private key parts are encrypted at rest (secret-box.ts) and handed back decrypted.
 * - The decision log is the one exception to "every call is a Promise": `append` is a
 *   synchronous, non-blocking enqueue (the live server's hot path); writes are batched
 *   behind it. `flush()` resolves once everything appended before it is durable.
 *
 * Shared by implementations (none imports a driver): the data types under model/, the
 * per-connection logging budget and folds (decision-budget.ts, decision-folds.ts), secret
 * redaction of payloads and traces (redaction.ts), private keys at rest (private-key-codec.ts
 * over secret-box.ts), retention policy parsing (model/retention.ts) and percentiles
 * (model/metrics.ts). tests/store-suite holds the contract's tests: `describeStoreContract`.
 */
import type { LogBudgetOptions } from './decision-budget'
import type { DecisionInput, DecisionLogCounters, DecisionRecord } from './model/decision'
import type { Cursor, DecisionPage, DecisionQuery, DistinctColumn, ImpactWindow } from './model/decision-query'
import type { StoredKey, KeySummary } from './model/key'
import type { DecisionMetrics, MetricsRequest, SourceFigures, SourceMetricsRequest } from './model/metrics'
import type { PersonaRecord } from './model/persona'
import type { RetentionInForce, RetentionPolicy } from './model/retention'
import type { NewWorkspace, WorkspaceSummary, WorkspaceVersion, WorkspaceVersionInfo } from './model/workspace'
import type { VersionProblem } from './version-problems'
import type { WorkspaceFileMap } from './workspace-files'

export type StoreKind = 'sqlite' | 'postgres'

/** Workspaces and their version history. Versions count 1, 2, 3...; a save never rewrites one. */
export interface WorkspaceStore {
  /** Every workspace: demo ones first, then by creation time (oldest first). */
  list(): Promise<WorkspaceSummary[]>
  /** The workspace, or undefined. */
  get(id: string): Promise<WorkspaceSummary | undefined>
  /** Creates it with version 1. STORE_CONFLICT when `id` is taken; files are validated (workspaceFilesSchema). */
  create(input: NewWorkspace): Promise<WorkspaceSummary>
  /**
   * Saves `files` as the next version and makes it current; `problems`: the errors it is saved with.
   * Two concurrent saves get two distinct consecutive versions (neither is lost). STORE_NOT_FOUND when the workspace is gone.
   */
  save(id: string, files: WorkspaceFileMap, message?: string, problems?: readonly VersionProblem[]): Promise<WorkspaceVersion>
  /** Saves an old version's files (and problems) again as the newest, message `Restored version N`. STORE_NOT_FOUND for a missing version. */
  restore(id: string, version: number): Promise<WorkspaceVersion>
  /** Replaces the problems recorded for a version. STORE_NOT_FOUND for a missing version. */
  setProblems(id: string, version: number, problems: readonly VersionProblem[]): Promise<void>
  /** One version with its files (default: the current one). STORE_NOT_FOUND when the workspace or version does not exist. */
  version(id: string, version?: number): Promise<WorkspaceVersion>
  /** Every version without files, newest first; [] for an unknown workspace. */
  history(id: string): Promise<WorkspaceVersionInfo[]>
  /** The workspace's settings JSON (live profile, JWT options...); `{}` when unset, unreadable or the workspace is unknown. */
  settings(id: string): Promise<unknown>
  /** Replaces the settings JSON and bumps updatedAt. STORE_NOT_FOUND when the workspace is gone. */
  updateSettings(id: string, settings: Record<string, unknown>): Promise<void>
  /** STORE_NOT_FOUND when the workspace is gone. */
  rename(id: string, name: string): Promise<WorkspaceSummary>
  /** Deletes the workspace with its versions, personas and keys. STORE_NOT_FOUND when it does not exist. */
  remove(id: string): Promise<void>
}

/** Personas (named claim sets) of a workspace. */
export interface PersonaStore {
  /** In creation order. */
  list(workspaceId: string): Promise<PersonaRecord[]>
  /** Inserts or replaces by id (validated with personaSchema); resolves with the stored record. Creation order is kept on replace. */
  upsert(workspaceId: string, persona: PersonaRecord): Promise<PersonaRecord>
  /** True when a persona was deleted. */
  remove(workspaceId: string, id: string): Promise<boolean>
}

/** Signing keys of a workspace; private parts encrypted at rest. */
export interface KeyStore {
  /** In creation order, without private parts: decrypts nothing, so it works whatever the secret. */
  list(workspaceId: string): Promise<KeySummary[]>
  /**
   * The key with its private part decrypted, or undefined. STORE_SECRET_MISMATCH (message naming the
   * kid and saying the secret does not match) when it was encrypted with another secret.
   */
  get(workspaceId: string, kid: string): Promise<StoredKey | undefined>
  /** Stores the key (private part encrypted). STORE_CONFLICT when the kid is taken in the workspace. */
  add(workspaceId: string, key: StoredKey): Promise<void>
  /** True when a key was deleted. */
  remove(workspaceId: string, kid: string): Promise<boolean>
}

/** A small key/value table for flags and settings that belong to no workspace. */
export interface MetaStore {
  get(key: string): Promise<string | undefined>
  /** Inserts or replaces. */
  set(key: string, value: string): Promise<void>
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>
}

/** The decision log's retention: a policy in the meta table, applied in small batches off the hot path. */
export interface RetentionStore {
  /** The policy in force and where it comes from (DEFAULT_RETENTION until one is set). */
  inForce(): Promise<RetentionInForce>
  /** The policy in force, without its source. */
  policy(): Promise<RetentionPolicy>
  /** Stores the policy; a limit that is not a positive number is STORE_INVALID. Resolves with the policy stored. */
  setPolicy(policy: RetentionPolicy): Promise<RetentionPolicy>
  /** Forgets the policy set: the default applies again. */
  resetPolicy(): Promise<RetentionPolicy>
  /** One full pass in small batches; concurrent calls share the pass in flight. Resolves with rows deleted. */
  sweep(): Promise<number>
  /** Sweeps now and every `intervalMs` (default 60 s) until the store closes; the timer does not keep the process alive. */
  start(intervalMs?: number): void
}

/**
 * The decision log: batched writes behind a synchronous `append`, and the reads of /traces,
 * the Overview and impact analysis. Reads do not flush: they see every decision whose
 * `flush()` has resolved (and usually more).
 */
export interface DecisionStore {
  /**
   * Queues one decision and returns at once (never throws for a database problem: a batch the
   * database refuses is counted as failed). A connection over its logging budget has identical
   * decisions folded into rows already written (decision-budget.ts).
   */
  append(input: DecisionInput): void
  /** Writes everything queued before the call (folds included) and resolves once it is durable, with the rows written meanwhile. */
  flush(): Promise<number>
  /**
   * Calls `listener` with every record once written (its row id set), in write order. `active` says
   * whether anyone listens right now (records are not even built otherwise). Returns the unsubscribe function.
   */
  onWritten(listener: (record: DecisionRecord) => void, active?: () => boolean): () => void
  /** The counters after a flush: `received = written + failed + retired`. */
  counters(): Promise<DecisionLogCounters>
  /** One page, newest first on (at, id), strictly older than `before` when given; limit 1..MAX_PAGE (default 100). */
  page(query: DecisionQuery, options?: { readonly limit?: number; readonly before?: Cursor }): Promise<DecisionPage>
  /** Decisions matching (folded ones included), reading no more than `cap` rows: at `cap` matching rows the answer is at least `cap`. */
  count(query: DecisionQuery, cap?: number): Promise<number>
  /** Rows in the log (what retention's maxRows counts). */
  rowCount(): Promise<number>
  /** The full record (trace, auth snapshot, payload), or undefined. */
  get(id: number): Promise<DecisionRecord | undefined>
  /** Full records matching, newest first, read `batch` rows at a time (exports). */
  iterate(query: DecisionQuery, batch?: number): AsyncIterableIterator<DecisionRecord>
  /**
   * The decisions an impact analysis replays, oldest first, at most `cap` (default MAX_WINDOW); only `workspaceId`'s
   * when given; `source`: 'studio' or an upstream's name. Overflow rows are left out.
   */
  window(window: ImpactWindow, options?: { readonly cap?: number; readonly workspaceId?: string; readonly source?: string }): Promise<DecisionRecord[]>
  /** Distinct values seen in a column, most recent first, at most `limit` (default 200). */
  distinct(column: DistinctColumn, limit?: number): Promise<(string | number)[]>
  /** The Overview's dashboard figures. */
  metrics(request: MetricsRequest): Promise<DecisionMetrics>
  /** The Overview's figures per source, the studio's own server first. */
  sourceMetrics(request: SourceMetricsRequest): Promise<SourceFigures[]>
  readonly retention: RetentionStore
}

/** The store's repositories as seen inside a transaction. */
export interface StoreTransaction {
  readonly workspaces: WorkspaceStore
  readonly personas: PersonaStore
  readonly keys: KeyStore
  readonly meta: MetaStore
}

/** Where the store lives and how big it is (GET /api/status). */
export interface StoreInfo {
  readonly kind: StoreKind
  /** The SQLite file, or the Postgres URL without its password. */
  readonly location: string
  readonly schemaVersion: number
  /** Bytes on disk: the database plus its write-ahead log. */
  readonly sizeBytes: number
  readonly databaseBytes: number
  /** SQLite's WAL file; 0 for Postgres. */
  readonly walBytes: number
}

/** The studio's store. */
export interface StudioStore extends StoreTransaction {
  readonly kind: StoreKind
  readonly decisions: DecisionStore
  /** Migrations applied when this store was opened (ids), and the schema version now. */
  readonly migrations: { readonly applied: readonly number[]; readonly version: number }
  /**
   * Runs `fn` in one transaction: all of its writes are acknowledged together or none is.
   * Inside, use only `tx` (the outer store's calls wait for the transaction to end on SQLite,
   * and use another connection on Postgres). A rejection from `fn` rolls back and is rethrown.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>
  info(): Promise<StoreInfo>
  /** Flushes the decision log, stops retention, closes every connection. Idempotent. */
  close(): Promise<void>
}

/** What opening a store takes besides where it is. */
export interface StoreOptions {
  /** The store's clock for workspace, persona and version timestamps. */
  readonly now?: () => Date
  /** The key that encrypts private keys at rest (secret-box.ts). */
  readonly secret: Buffer
  /** The decision log's per-connection budget; `false` writes every decision in full. */
  readonly logBudget?: Partial<LogBudgetOptions> | false
}

/**
 * What lib/store/postgres/index.ts exports (loaded by open-store.ts when STUDIO_DATABASE_URL is set):
 * connects, runs pending migrations, and resolves with an open store.
 */
export type OpenPostgresStore = (url: string, options: StoreOptions) => Promise<StudioStore>
