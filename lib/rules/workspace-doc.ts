/**
 * The portable workspace document (export, import, share links): name, files,
 * personas and rule tests. Keys and secrets have no field here, so they can
 * never travel in an export or a link.
 */
import { z } from 'zod'
import { ruleTestSchema } from './rule-tests'

export const WORKSPACE_FORMAT = 'live-auth-studio/workspace'
export const WORKSPACE_VERSION = 1

export const WORKSPACE_LIMITS = { maxFiles: 200, maxFileBytes: 256 * 1024, maxTotalBytes: 2 * 1024 * 1024, maxPathLength: 200 } as const

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

/** Why `path` is not a workspace file path, or undefined when it is (relative, `/`-separated, ends in .ts). */
export function workspacePathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > WORKSPACE_LIMITS.maxPathLength) return `path must be 1-${WORKSPACE_LIMITS.maxPathLength} characters`
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) return 'path must be relative and use / separators'
  const segments = path.split('/')
  if (segments.some((s) => s === '..' || s === '.')) return 'path must not contain . or .. segments'
  if (!segments.every((s) => SEGMENT.test(s))) return 'path segments may only use letters, digits, _ . - (and not start with . or -)'
  if (!path.endsWith('.ts')) return 'only TypeScript (.ts) files belong to a workspace'
  return undefined
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length

export const filesSchema = z.record(z.string(), z.string()).superRefine((files, ctx) => {
  const paths = Object.keys(files)
  if (paths.length > WORKSPACE_LIMITS.maxFiles) ctx.addIssue({ code: 'custom', message: `${paths.length} files; the limit is ${WORKSPACE_LIMITS.maxFiles}` })
  let total = 0
  for (const path of paths) {
    const problem = workspacePathProblem(path)
    if (problem) ctx.addIssue({ code: 'custom', path: [path], message: problem })
    const size = utf8Length(files[path] ?? '')
    total += size
    if (size > WORKSPACE_LIMITS.maxFileBytes) ctx.addIssue({ code: 'custom', path: [path], message: `${size} bytes; the limit is ${WORKSPACE_LIMITS.maxFileBytes}` })
  }
  if (total > WORKSPACE_LIMITS.maxTotalBytes) ctx.addIssue({ code: 'custom', message: `${total} bytes of sources; the limit is ${WORKSPACE_LIMITS.maxTotalBytes}` })
})

const jsonObject = z.record(z.string(), z.json())

export const personaSchema = z.strictObject({
  id: z.string().min(1).max(100),
  label: z.string().max(200),
  description: z.string().max(2000),
  kind: z.enum(['user', 'bot', 'device', 'service', 'anonymous']),
  claims: jsonObject.nullable(),
})

export const workspaceDocumentSchema = z.strictObject({
  format: z.literal(WORKSPACE_FORMAT),
  version: z.literal(WORKSPACE_VERSION),
  name: z.string().min(1).max(200),
  files: filesSchema,
  personas: z.array(personaSchema).max(100),
  ruleTests: z.array(ruleTestSchema).max(5000),
}).superRefine((doc, ctx) => {
  const dupes = (ids: string[], path: string): void => {
    ids.forEach((id, i) => { if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `duplicate id '${id}'` }) })
  }
  dupes(doc.personas.map((p) => p.id), 'personas')
  dupes(doc.ruleTests.map((t) => t.id), 'ruleTests')
})

export type WorkspaceDocument = z.infer<typeof workspaceDocumentSchema>
export type PortableWorkspace = Omit<WorkspaceDocument, 'format' | 'version'>
