/**
 * Import / export / share in the rule studio, minus React: reading a dropped
 * file (ZIP or JSON, told apart by its bytes), what an import would change,
 * file names for downloads and the `#share=` fragment of a share link.
 */
import { importWorkspaceJson, importWorkspaceZip } from '@/lib/rules/import'
import type { Parsed } from '@/lib/rules/rule-tests'
import type { PortableWorkspace } from '@/lib/rules/workspace-doc'
import { changedPaths, type Files } from './draft-store'

/** `/rules#share=<fragment>`: the fragment never reaches a server. */
export const SHARE_PARAM = 'share'

/** Largest file the import reads at all (the libraries check the finer limits). */
export const MAX_IMPORT_FILE_BYTES = 8 * 1024 * 1024

export interface ImportCandidate {
  readonly source: 'json' | 'zip'
  readonly fileName: string
  readonly workspace: PortableWorkspace
}

const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)

/** "team-rules.zip" -> "team-rules": a ZIP carries files only, so its name names the workspace. */
export function workspaceNameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(zip|json)$/i, '').trim()
  return (base || 'Imported workspace').slice(0, 200)
}

/**
 * Reads an exported workspace: a ZIP of .ts files or the JSON document.
 * @example const r = readImportFile('ws.json', bytes); if (!r.ok) show(r.issues)
 */
export function readImportFile(fileName: string, bytes: Uint8Array): Parsed<ImportCandidate> {
  if (bytes.length === 0) return { ok: false, issues: [`${fileName} is empty`] }
  if (bytes.length > MAX_IMPORT_FILE_BYTES) return { ok: false, issues: [`${fileName} is ${bytes.length} bytes; the limit is ${MAX_IMPORT_FILE_BYTES}`] }
  if (isZip(bytes)) {
    const zip = importWorkspaceZip(bytes)
    if (!zip.ok) return zip
    return { ok: true, value: { source: 'zip', fileName, workspace: { name: workspaceNameFromFile(fileName), files: zip.value.files, personas: [], ruleTests: [] } } }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, issues: [`${fileName} is neither a ZIP nor UTF-8 JSON text`] }
  }
  const doc = importWorkspaceJson(text)
  return doc.ok ? { ok: true, value: { source: 'json', fileName, workspace: doc.value } } : doc
}

export interface ImportPreview {
  readonly added: readonly string[]
  readonly modified: readonly string[]
  readonly removed: readonly string[]
  readonly unchanged: number
  readonly personas: number
  readonly ruleTests: number
}

/** What replacing `current` with the imported files would change. */
export function previewImport(current: Files, workspace: PortableWorkspace): ImportPreview {
  const { added, modified, removed } = changedPaths(current, workspace.files)
  const unchanged = Object.keys(workspace.files).length - added.length - modified.length
  return { added, modified, removed, unchanged, personas: workspace.personas.length, ruleTests: workspace.ruleTests.length }
}

/** The share fragment in a location hash (`#share=v1....`), or undefined. */
export function shareFragmentFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  const value = params.get(SHARE_PARAM)
  return value ? value : undefined
}

/** The full share URL on this studio. */
export function shareUrlFor(origin: string, fragment: string): string {
  return `${origin}/rules#${SHARE_PARAM}=${fragment}`
}

/** "FluxStack Live demo", 3, 'json' -> "fluxstack-live-demo-v3.json" (a draft is "-draft"). */
export function exportFileName(name: string, version: number, draft: boolean, ext: 'zip' | 'json'): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'workspace'
  return `${slug}-${draft ? `v${version}-draft` : `v${version}`}.${ext}`
}
