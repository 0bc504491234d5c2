import type { DecisionRecord } from './decision'

/** Filters of the /traces page; every field narrows (AND). */
export interface DecisionQuery {
  readonly verdict?: 'allow' | 'deny'
  readonly kind?: string
  /** Layer id that decided a denial, e.g. 'actionAuth.roles'. */
  readonly decidedBy?: string
  readonly component?: string
  readonly action?: string
  readonly persona?: string
  readonly sessionId?: string
  readonly workspaceVersion?: number
  /** Epoch ms, inclusive. */
  readonly from?: number
  /** Epoch ms, exclusive. */
  readonly to?: number
  /** Case-insensitive substring of the reason. */
  readonly text?: string
  /** 'studio': the studio's own live server; otherwise an upstream's name (decisions observed through the proxy). */
  readonly source?: string
  /** Only observed decisions where the upstream and the workspace disagree. */
  readonly mismatch?: boolean
}

/** Position in the newest-first order: rows strictly older than (at, id). */
export interface Cursor {
  readonly at: number
  readonly id: number
}

/**
 * A log row without its trace, auth snapshot or payload (list pages stay small); `overflow`
 * marks a row that counts distinct decisions over a connection's budget (its detail lists them).
 */
export type DecisionSummary = Pick<DecisionRecord,
  'id' | 'at' | 'kind' | 'verdict' | 'decidedBy' | 'reason' | 'component' | 'action' | 'sessionId' | 'persona'
  | 'connectionId' | 'workspaceVersion' | 'profile' | 'durationUs' | 'repeatCount' | 'lastAt' | 'source' | 'mismatch'> & { readonly overflow?: true }

export interface DecisionPage {
  readonly rows: readonly DecisionSummary[]
  /** Pass back as `before` for the next (older) page; absent on the last page. */
  readonly next?: Cursor
}

/** The decisions an impact analysis replays: the last N, or a time range [from, to). */
export type ImpactWindow = { readonly last: number } | { readonly from: number; readonly to: number }

/** Columns the /traces filter pickers list distinct values of. */
export type DistinctColumn = 'component' | 'action' | 'decided_by' | 'persona' | 'workspace_version' | 'kind' | 'source'

/** Rows per page at most. */
export const MAX_PAGE = 500
/** Decisions an impact window replays at most (the default cap). */
export const MAX_WINDOW = 20_000
