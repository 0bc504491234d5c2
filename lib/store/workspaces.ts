import type Database from 'better-sqlite3'
import { StoreError } from './errors'
import { readVersionProblems, writeVersionProblems, type VersionProblem } from './version-problems'
import { workspaceFilesSchema, type WorkspaceFileMap } from './workspace-files'

import type { WorkspaceSummary, WorkspaceVersion } from './model/workspace'

export type { WorkspaceSummary, WorkspaceVersion } from './model/workspace'

interface WorkspaceRow {
  id: string
  name: string
  description: string
  is_demo: number
  current_version: number
  created_at: string
  updated_at: string
  files: string
}

function toSummary(row: WorkspaceRow): WorkspaceSummary {
  const files = JSON.parse(row.files) as Record<string, string>
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDemo: row.is_demo === 1,
    currentVersion: row.current_version,
    fileCount: Object.keys(files).length,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Owns the SQL for workspaces and their version history. */
export class WorkspaceRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  list(): WorkspaceSummary[] {
    const rows = this.db
      .prepare(
        `SELECT w.*, v.files FROM workspaces w
         JOIN workspace_versions v ON v.workspace_id = w.id AND v.version = w.current_version
         ORDER BY w.is_demo DESC, w.created_at`,
      )
      .all() as WorkspaceRow[]
    return rows.map(toSummary)
  }

  get(id: string): WorkspaceSummary | undefined {
    const row = this.db
      .prepare(
        `SELECT w.*, v.files FROM workspaces w
         JOIN workspace_versions v ON v.workspace_id = w.id AND v.version = w.current_version
         WHERE w.id = ?`,
      )
      .get(id) as WorkspaceRow | undefined
    return row ? toSummary(row) : undefined
  }

  create(input: { id: string; name: string; description?: string; isDemo?: boolean; files: WorkspaceFileMap; message?: string }): WorkspaceSummary {
    const files = workspaceFilesSchema.parse(input.files)
    const at = this.now().toISOString()
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO workspaces (id, name, description, is_demo, current_version, created_at, updated_at)
           VALUES (?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(input.id, input.name, input.description ?? '', input.isDemo ? 1 : 0, at, at)
      this.db
        .prepare(`INSERT INTO workspace_versions (workspace_id, version, files, message, created_at) VALUES (?, 1, ?, ?, ?)`)
        .run(input.id, JSON.stringify(files), input.message ?? 'Created', at)
    })()
    return this.mustGet(input.id)
  }

  /** Every save is a new version; history is never rewritten. `problems`: the errors it is saved with, if any. */
  save(id: string, files: WorkspaceFileMap, message = '', problems: readonly VersionProblem[] = []): WorkspaceVersion {
    const parsed = workspaceFilesSchema.parse(files)
    const stored = writeVersionProblems(problems)
    const at = this.now().toISOString()
    const version = this.db.transaction(() => {
      const current = this.mustGet(id).currentVersion
      const next = current + 1
      this.db
        .prepare(`INSERT INTO workspace_versions (workspace_id, version, files, message, created_at, problems) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(id, next, JSON.stringify(parsed), message, at, stored)
      this.db.prepare(`UPDATE workspaces SET current_version = ?, updated_at = ? WHERE id = ?`).run(next, at, id)
      return next
    })()
    return { workspaceId: id, version, files: parsed, message, createdAt: at, problems: readVersionProblems(stored) }
  }

  /** Restoring an old version saves it again as the newest one (with the errors it had: the same files). */
  restore(id: string, version: number): WorkspaceVersion {
    const old = this.version(id, version)
    return this.save(id, old.files, `Restored version ${version}`, old.problems)
  }

  /** Replaces the errors recorded for a version (what loading it found, once it was loaded). */
  setProblems(id: string, version: number, problems: readonly VersionProblem[]): void {
    const r = this.db.prepare(`UPDATE workspace_versions SET problems = ? WHERE workspace_id = ? AND version = ?`).run(writeVersionProblems(problems), id, version)
    if (r.changes === 0) throw new StoreError('STORE_NOT_FOUND', `Workspace ${id} has no version ${version}`)
  }

  version(id: string, version?: number): WorkspaceVersion {
    const v = version ?? this.mustGet(id).currentVersion
    const row = this.db
      .prepare(`SELECT * FROM workspace_versions WHERE workspace_id = ? AND version = ?`)
      .get(id, v) as { workspace_id: string; version: number; files: string; message: string; created_at: string; problems: string | null } | undefined
    if (!row) throw new StoreError('STORE_NOT_FOUND', `Workspace ${id} has no version ${v}`)
    return {
      workspaceId: row.workspace_id,
      version: row.version,
      files: JSON.parse(row.files) as WorkspaceFileMap,
      message: row.message,
      createdAt: row.created_at,
      problems: readVersionProblems(row.problems),
    }
  }

  history(id: string): Omit<WorkspaceVersion, 'files'>[] {
    const rows = this.db
      .prepare(`SELECT workspace_id, version, message, created_at, problems FROM workspace_versions WHERE workspace_id = ? ORDER BY version DESC`)
      .all(id) as { workspace_id: string; version: number; message: string; created_at: string; problems: string | null }[]
    return rows.map((r) => ({ workspaceId: r.workspace_id, version: r.version, message: r.message, createdAt: r.created_at, problems: readVersionProblems(r.problems) }))
  }

  /** The workspace's settings JSON (live profile, JWT options...); `{}` when unset or unreadable. */
  settings(id: string): unknown {
    const row = this.db.prepare(`SELECT settings FROM workspaces WHERE id = ?`).get(id) as { settings: string } | undefined
    try {
      return row ? (JSON.parse(row.settings) as unknown) : {}
    } catch {
      return {}
    }
  }

  updateSettings(id: string, settings: Record<string, unknown>): void {
    this.mustGet(id)
    this.db.prepare(`UPDATE workspaces SET settings = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(settings), this.now().toISOString(), id)
  }

  rename(id: string, name: string): WorkspaceSummary {
    this.mustGet(id)
    this.db.prepare(`UPDATE workspaces SET name = ?, updated_at = ? WHERE id = ?`).run(name, this.now().toISOString(), id)
    return this.mustGet(id)
  }

  /** Deletes the workspace with its versions, personas and keys (foreign keys cascade). */
  remove(id: string): void {
    this.mustGet(id)
    this.db.prepare(`DELETE FROM workspaces WHERE id = ?`).run(id)
  }

  private mustGet(id: string): WorkspaceSummary {
    const ws = this.get(id)
    if (!ws) throw new StoreError('STORE_NOT_FOUND', `No workspace with id ${id}`)
    return ws
  }
}
