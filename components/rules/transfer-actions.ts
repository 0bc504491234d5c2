'use client'

/** Browser side effects of import / export: downloads, import as a new workspace, switching. */
import { toWorkspaceDocument } from '@/lib/rules/export'
import type { PortableWorkspace } from '@/lib/rules/workspace-doc'
import { createWorkspace, switchWorkspace } from './rules-api'

/** Saves bytes or text as a file through a temporary object URL. */
export function download(fileName: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * A full page load of /rules, not a client navigation: every hook (workspace,
 * personas, matrix, keys) must re-read the new active workspace, and the
 * #share= fragment goes away.
 */
const reopenRules = () => window.location.assign(new URL('/rules', window.location.origin).href)

/** Creates a workspace from `ws` on the server, makes it active and reopens /rules; resolves with an error message on failure. */
export async function importAsNewWorkspace(ws: PortableWorkspace): Promise<string | undefined> {
  const doc = toWorkspaceDocument(ws)
  if (!doc.ok) return doc.issues.join('\n')
  const res = await createWorkspace(doc.value, true)
  if (!res.ok) return res.error
  reopenRules()
  return undefined
}

/** Makes `id` the active workspace and reopens /rules. */
export async function openWorkspace(id: string): Promise<string | undefined> {
  const res = await switchWorkspace(id)
  if (!res.ok) return res.error
  reopenRules()
  return undefined
}
