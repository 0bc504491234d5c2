/** Workspaces and their version history on Postgres (contract: WorkspaceStore). */
import type { WorkspaceStore } from '../contract'
import { StoreError } from '../errors'
import type { NewWorkspace, WorkspaceSummary, WorkspaceVersion, WorkspaceVersionInfo } from '../model/workspace'
import { readVersionProblems, writeVersionProblems, type VersionProblem } from '../version-problems'
import { workspaceFilesSchema, type WorkspaceFileMap } from '../workspace-files'
import { errorCode } from './pg-errors'
import type { Db } from './pool'

interface SummaryRow {
  id: string
  name: string
  description: string
  is_demo: boolean
  current_version: number
  file_count: number
  created_at: Date
  updated_at: Date
}

interface VersionRow {
  workspace_id: string
  version: number
  files?: string
  message: string
  created_at: Date
  problems: string | null
}

// json columns are read as text (::text) so key order and values come back exactly as saved.
const SUMMARY = `SELECT w.id, w.name, w.description, w.is_demo, w.current_version, w.created_at, w.updated_at,
  (SELECT count(*) FROM json_object_keys(v.files))::int AS file_count
  FROM workspaces w JOIN workspace_versions v ON v.workspace_id = w.id AND v.version = w.current_version`

const toSummary = (r: SummaryRow): WorkspaceSummary => ({
  id: r.id, name: r.name, description: r.description, isDemo: r.is_demo, currentVersion: r.current_version,
  fileCount: r.file_count, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
})

const toInfo = (r: VersionRow): WorkspaceVersionInfo => ({
  workspaceId: r.workspace_id, version: r.version, message: r.message, createdAt: r.created_at.toISOString(), problems: readVersionProblems(r.problems),
})

const notFound = (id: string) => new StoreError('STORE_NOT_FOUND', `No workspace with id ${id}`)

export class PostgresWorkspaces implements WorkspaceStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async list(): Promise<WorkspaceSummary[]> {
    return (await this.db.query<SummaryRow>(`${SUMMARY} ORDER BY w.is_demo DESC, w.created_at, w.seq`)).map(toSummary)
  }

  async get(id: string): Promise<WorkspaceSummary | undefined> {
    const [row] = await this.db.query<SummaryRow>(`${SUMMARY} WHERE w.id = $1`, [id], 'workspace_get')
    return row ? toSummary(row) : undefined
  }

  async create(input: NewWorkspace): Promise<WorkspaceSummary> {
    const files = workspaceFilesSchema.parse(input.files)
    const at = this.now()
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO workspaces (id, name, description, is_demo, current_version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5)`,
          [input.id, input.name, input.description ?? '', input.isDemo === true, at])
        await tx.query(`INSERT INTO workspace_versions (workspace_id, version, files, message, created_at) VALUES ($1, 1, $2, $3, $4)`,
          [input.id, JSON.stringify(files), input.message ?? 'Created', at])
      })
    } catch (error) {
      if (errorCode(error) === '23505') throw new StoreError('STORE_CONFLICT', `A workspace with id ${input.id} already exists`)
      throw error
    }
    return this.mustGet(input.id)
  }

  /** The row lock taken by bumping current_version orders concurrent saves: each gets its own next version. */
  async save(id: string, files: WorkspaceFileMap, message = '', problems: readonly VersionProblem[] = []): Promise<WorkspaceVersion> {
    const parsed = workspaceFilesSchema.parse(files)
    const stored = writeVersionProblems(problems)
    const at = this.now()
    const version = await this.db.transaction(async (tx) => {
      const [bumped] = await tx.query<{ current_version: number }>(
        `UPDATE workspaces SET current_version = current_version + 1, updated_at = $2 WHERE id = $1 RETURNING current_version`, [id, at], 'workspace_bump')
      if (!bumped) throw notFound(id)
      await tx.query(`INSERT INTO workspace_versions (workspace_id, version, files, message, created_at, problems) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, bumped.current_version, JSON.stringify(parsed), message, at, stored], 'workspace_version_insert')
      return bumped.current_version
    })
    return { workspaceId: id, version, files: parsed, message, createdAt: at.toISOString(), problems: readVersionProblems(stored) }
  }

  async restore(id: string, version: number): Promise<WorkspaceVersion> {
    const old = await this.version(id, version)
    return this.save(id, old.files, `Restored version ${version}`, old.problems)
  }

  async setProblems(id: string, version: number, problems: readonly VersionProblem[]): Promise<void> {
    const rows = await this.db.query(`UPDATE workspace_versions SET problems = $3 WHERE workspace_id = $1 AND version = $2 RETURNING version`,
      [id, version, writeVersionProblems(problems)])
    if (rows.length === 0) throw new StoreError('STORE_NOT_FOUND', `Workspace ${id} has no version ${version}`)
  }

  async version(id: string, version?: number): Promise<WorkspaceVersion> {
    const rows = version === undefined
      ? await this.db.query<VersionRow>(`SELECT v.workspace_id, v.version, v.files::text AS files, v.message, v.created_at, v.problems::text AS problems
          FROM workspaces w JOIN workspace_versions v ON v.workspace_id = w.id AND v.version = w.current_version WHERE w.id = $1`, [id], 'workspace_current_version')
      : await this.db.query<VersionRow>(`SELECT workspace_id, version, files::text AS files, message, created_at, problems::text AS problems
          FROM workspace_versions WHERE workspace_id = $1 AND version = $2`, [id, version], 'workspace_version')
    const row = rows[0]
    if (!row) {
      if (version === undefined || !(await this.get(id))) throw notFound(id)
      throw new StoreError('STORE_NOT_FOUND', `Workspace ${id} has no version ${version}`)
    }
    return { ...toInfo(row), files: JSON.parse(row.files ?? '{}') as WorkspaceFileMap }
  }

  async history(id: string): Promise<WorkspaceVersionInfo[]> {
    const rows = await this.db.query<VersionRow>(`SELECT workspace_id, version, message, created_at, problems::text AS problems
      FROM workspace_versions WHERE workspace_id = $1 ORDER BY version DESC`, [id])
    return rows.map(toInfo)
  }

  async settings(id: string): Promise<unknown> {
    const [row] = await this.db.query<{ settings: string }>(`SELECT settings::text AS settings FROM workspaces WHERE id = $1`, [id], 'workspace_settings')
    try {
      return row ? (JSON.parse(row.settings) as unknown) : {}
    } catch {
      return {}
    }
  }

  async updateSettings(id: string, settings: Record<string, unknown>): Promise<void> {
    const rows = await this.db.query(`UPDATE workspaces SET settings = $2, updated_at = $3 WHERE id = $1 RETURNING id`, [id, JSON.stringify(settings), this.now()])
    if (rows.length === 0) throw notFound(id)
  }

  async rename(id: string, name: string): Promise<WorkspaceSummary> {
    const rows = await this.db.query(`UPDATE workspaces SET name = $2, updated_at = $3 WHERE id = $1 RETURNING id`, [id, name, this.now()])
    if (rows.length === 0) throw notFound(id)
    return this.mustGet(id)
  }

  async remove(id: string): Promise<void> {
    const rows = await this.db.query(`DELETE FROM workspaces WHERE id = $1 RETURNING id`, [id])
    if (rows.length === 0) throw notFound(id)
  }

  private async mustGet(id: string): Promise<WorkspaceSummary> {
    const ws = await this.get(id)
    if (!ws) throw notFound(id)
    return ws
  }
}
