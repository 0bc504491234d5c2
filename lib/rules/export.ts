/**
 * Export a workspace as one JSON document or as a ZIP of its TypeScript files.
 * Only the document's own fields are copied, so keys, secrets or anything else
 * riding on the input object never reach the output.
 */
import type { Parsed } from './rule-tests'
import { formatIssues } from './rule-tests'
import { type PortableWorkspace, type WorkspaceDocument, WORKSPACE_FORMAT, WORKSPACE_VERSION, workspaceDocumentSchema } from './workspace-doc'
import { writeZip } from './zip'

/** Builds the validated document from a workspace-like object (extra fields dropped). */
export function toWorkspaceDocument(ws: PortableWorkspace): Parsed<WorkspaceDocument> {
  const doc = {
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    name: ws.name,
    files: Object.fromEntries(Object.keys(ws.files).sort().map((path) => [path, ws.files[path] ?? ''])),
    personas: ws.personas.map(({ id, label, description, kind, claims }) => ({ id, label, description, kind, claims })),
    ruleTests: ws.ruleTests,
  }
  const parsed = workspaceDocumentSchema.safeParse(doc)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: formatIssues(parsed.error) }
}

/**
 * The workspace as one pretty-printed JSON document.
 * @example const r = exportWorkspaceJson({ name, files, personas, ruleTests }); if (r.ok) download(r.value)
 */
export function exportWorkspaceJson(ws: PortableWorkspace): Parsed<string> {
  const doc = toWorkspaceDocument(ws)
  return doc.ok ? { ok: true, value: `${JSON.stringify(doc.value, null, 2)}\n` } : doc
}

/** The workspace's TypeScript files as a stored ZIP (sorted paths; `modified` stamps every entry). */
export function exportWorkspaceZip(ws: PortableWorkspace, modified?: Date): Parsed<Uint8Array> {
  const doc = toWorkspaceDocument(ws)
  if (!doc.ok) return doc
  const encoder = new TextEncoder()
  const entries = Object.entries(doc.value.files).map(([path, text]) => ({ path, data: encoder.encode(text) }))
  return { ok: true, value: writeZip(entries, modified) }
}
