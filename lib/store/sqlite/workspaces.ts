import type Database from 'better-sqlite3'
import type { WorkspaceStore } from '../contract'
import { StoreError } from '../errors'
import type { NewWorkspace, WorkspaceSummary, WorkspaceVersion, WorkspaceVersionInfo } from '../model/workspace'
import { readVersionProblems, writeVersionProblems, type VersionProblem } from '../version-problems'
import { workspaceFilesSchema, type WorkspaceFileMap } from '../workspace-files'
import { isUniqueViolation, type Gate } from './gate'

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

/** Owns the SQL for workspaces and their version history (contract: WorkspaceStore). */
export class SqliteWorkspaces implements WorkspaceStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly gate: Gate,
  ) {}

  list(): Promise<WorkspaceSummary[]> {
    return this.gate.run(() => this.listNow())
  }

  get(id: string): Promise<WorkspaceSummary | undefined> {
    return this.gate.run(() => this.find(id))
  }

  create(input: NewWorkspace): Promise<WorkspaceSummary> {
    return this.gate.run(() => this.createNow(input))
  }

  save(id: string, files: WorkspaceFileMap, message = '', problems: readonly VersionProblem[] = []): Promise<WorkspaceVersion> {
    return this.gate.run(() => this.saveNow(id, files, message, problems))
  }

  /** Restoring an old version saves it again as the newest one (with the errors it had: the same files). */
  restore(id: string, version: number): Promise<WorkspaceVersion> {
    return this.gate.run(() => {
      const old = this.versionNow(id, version)
      return this.saveNow(id, old.files, `Restored version ${version}`, old.problems)
    })
  }

  setProblems(id: string, version: number, problems: readonly VersionProblem[]): Promise<void> {
    return this.gate.run(() => this.setProblemsNow(id, version, problems))
  }

  version(id: string, version?: number): Promise<WorkspaceVersion> {
    return this.gate.run(() => this.versionNow(id, version))
  }

  history(id: string): Promise<WorkspaceVersionInfo[]> {
    return this.gate.run(() => this.historyNow(id))
  }

  settings(id: string): Promise<unknown> {
    return this.gate.run(() => this.settingsNow(id))
  }

  updateSettings(id: string, settings: Record<string, unknown>): Promise<void> {
    return this.gate.run(() => this.updateSettingsNow(id, settings))
  }

  rename(id: string, name: string): Promise<WorkspaceSummary> {
    return this.gate.run(() => this.renameNow(id, name))
  }

  remove(id: string): Promise<void> {
    return this.gate.run(() => this.removeNow(id))
  }

  private listNow(): WorkspaceSummary[] {
    const rows = this.db
      .prepare(
        `SELECT w.*, v.files FROM workspaces w
         JOIN workspace_versions v ON v.workspace_id = w.id AND v.version = w.current_version
         ORDER BY w.is_demo DESC, w.created_at`,
      )
      .all() as WorkspaceRow[]
    return rows.map(toSummary)
  }

  private find(id: string): WorkspaceSummary | undefined {
    const row = this.db
      .prepare(
        `SELECT w.*, v.files FROM workspaces w
         JOIN workspace_versions v ON v.workspace_id = w.id AND v.version = w.current_version
         WHERE w.id = ?`,
      )
      .get(id) as WorkspaceRow | undefined
    return row ? toSummary(row) : undefined
  }

  private createNow(input: NewWorkspace): WorkspaceSummary {
    const files = workspaceFilesSchema.parse(input.files)
    const at = this.now().toISOString()
    const insert = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO workspaces (id, name, description, is_demo, current_version, created_at, updated_at)
           VALUES (?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(input.id, input.name, input.description ?? '', input.isDemo ? 1 : 0, at, at)
      this.db
        .prepare(`INSERT INTO workspace_versions (workspace_id, version, files, message, created_at) VALUES (?, 1, ?, ?, ?)`)
        .run(input.id, JSON.stringify(files), input.message ?? 'Created', at)
    })
    try {
      insert()
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreError('STORE_CONFLICT', `A workspace with id ${input.id} already exists`)
      throw error
    }
    return this.mustGet(input.id)
  }

  /** Every save is a new version; history is never rewritten. `problems`: the errors it is saved with, if any. */
  private saveNow(id: string, files: WorkspaceFileMap, message: string, problems: readonly VersionProblem[]): WorkspaceVersion {
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

  /** Replaces the errors recorded for a version (what loading it found, once it was loaded). */
  private setProblemsNow(id: string, version: number, problems: readonly VersionProblem[]): void {
    const r = this.db.prepare(`UPDATE workspace_versions SET problems = ? WHERE workspace_id = ? AND version = ?`).run(writeVersionProblems(problems), id, version)
    if (r.changes === 0) throw new StoreError('STORE_NOT_FOUND', `Workspace ${id} has no version ${version}`)
  }

  private versionNow(id: string, version?: number): WorkspaceVersion {
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

  private historyNow(id: string): WorkspaceVersionInfo[] {
    const rows = this.db
      .prepare(`SELECT workspace_id, version, message, created_at, problems FROM workspace_versions WHERE workspace_id = ? ORDER BY version DESC`)
      .all(id) as { workspace_id: string; version: number; message: string; created_at: string; problems: string | null }[]
    return rows.map((r) => ({ workspaceId: r.workspace_id, version: r.version, message: r.message, createdAt: r.created_at, problems: readVersionProblems(r.problems) }))
  }

  /** The workspace's settings JSON (live profile, JWT options...); `{}` when unset or unreadable. */
  private settingsNow(id: string): unknown {
    const row = this.db.prepare(`SELECT settings FROM workspaces WHERE id = ?`).get(id) as { settings: string } | undefined
    try {
      return row ? (JSON.parse(row.settings) as unknown) : {}
    } catch {
      return {}
    }
  }

  private updateSettingsNow(id: string, settings: Record<string, unknown>): void {
    this.mustGet(id)
    this.db.prepare(`UPDATE workspaces SET settings = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(settings), this.now().toISOString(), id)
  }

  private renameNow(id: string, name: string): WorkspaceSummary {
    this.mustGet(id)
    this.db.prepare(`UPDATE workspaces SET name = ?, updated_at = ? WHERE id = ?`).run(name, this.now().toISOString(), id)
    return this.mustGet(id)
  }

  /** Deletes the workspace with its versions, personas and keys (foreign keys cascade). */
  private removeNow(id: string): void {
    this.mustGet(id)
    this.db.prepare(`DELETE FROM workspaces WHERE id = ?`).run(id)
  }

  private mustGet(id: string): WorkspaceSummary {
    const ws = this.find(id)
    if (!ws) throw new StoreError('STORE_NOT_FOUND', `No workspace with id ${id}`)
    return ws
  }
}
