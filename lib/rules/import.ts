/**
 * Import a workspace from a JSON document or a ZIP of TypeScript files. A bad
 * input yields `{ ok: false, issues }` naming what is wrong; nothing else changes.
 */
import type { Parsed } from './rule-tests'
import { formatIssues, parseJson } from './rule-tests'
import { type PortableWorkspace, WORKSPACE_LIMITS, filesSchema, workspaceDocumentSchema, workspacePathProblem } from './workspace-doc'
import { readZip } from './zip'

/** Largest JSON document accepted (before parsing). */
export const MAX_IMPORT_JSON_CHARS = 4 * 1024 * 1024

/**
 * Parses and validates an exported workspace document.
 * @example const r = importWorkspaceJson(text); if (!r.ok) show(r.issues)
 */
export function importWorkspaceJson(text: string): Parsed<PortableWorkspace> {
  if (text.length > MAX_IMPORT_JSON_CHARS) return { ok: false, issues: [`(document): ${text.length} characters; the limit is ${MAX_IMPORT_JSON_CHARS}`] }
  const raw = parseJson(text)
  if (!raw.ok) return raw
  const parsed = workspaceDocumentSchema.safeParse(raw.value)
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error) }
  const { format: _format, version: _version, ...ws } = parsed.data
  return { ok: true, value: ws }
}

/**
 * Reads the TypeScript files of a ZIP (stored entries; directory entries are skipped).
 * @example const r = importWorkspaceZip(bytes); if (r.ok) files = r.value.files
 */
export function importWorkspaceZip(bytes: Uint8Array): Parsed<{ files: Record<string, string> }> {
  const zip = readZip(bytes, {
    maxEntries: WORKSPACE_LIMITS.maxFiles * 2, maxEntryBytes: WORKSPACE_LIMITS.maxFileBytes, maxTotalBytes: WORKSPACE_LIMITS.maxTotalBytes,
  })
  if (!zip.ok) return { ok: false, issues: [zip.error] }
  const files: Record<string, string> = {}
  const issues: string[] = []
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (const { path, data } of zip.entries) {
    if (path.endsWith('/') && data.length === 0) continue
    const problem = workspacePathProblem(path)
    if (problem) issues.push(`${path}: ${problem}`)
    else if (Object.hasOwn(files, path)) issues.push(`${path}: appears twice`)
    else {
      try {
        files[path] = decoder.decode(data)
      } catch {
        issues.push(`${path}: not valid UTF-8 text`)
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues }
  if (Object.keys(files).length === 0) return { ok: false, issues: ['The ZIP holds no .ts files'] }
  const checked = filesSchema.safeParse(files)
  return checked.success ? { ok: true, value: { files } } : { ok: false, issues: formatIssues(checked.error) }
}
