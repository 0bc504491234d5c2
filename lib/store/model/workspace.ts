import type { VersionProblem } from '../version-problems'
import type { WorkspaceFileMap } from '../workspace-files'

/** A workspace as listed: its current version and how many files that version has. */
export interface WorkspaceSummary {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly isDemo: boolean
  readonly currentVersion: number
  readonly fileCount: number
  /** ISO 8601 timestamps. */
  readonly createdAt: string
  readonly updatedAt: string
}

/** One saved version of a workspace's files (versions are 1, 2, 3... and never rewritten). */
export interface WorkspaceVersion {
  readonly workspaceId: string
  readonly version: number
  readonly files: WorkspaceFileMap
  readonly message: string
  readonly createdAt: string
  /** The errors it was saved with (empty: none known); a version with any is broken. */
  readonly problems: readonly VersionProblem[]
}

/** A version without its files (History). */
export type WorkspaceVersionInfo = Omit<WorkspaceVersion, 'files'>

/** What creating a workspace takes: its first version's files. */
export interface NewWorkspace {
  readonly id: string
  readonly name: string
  readonly description?: string
  readonly isDemo?: boolean
  readonly files: WorkspaceFileMap
  /** Version 1's message (default 'Created'). */
  readonly message?: string
}
