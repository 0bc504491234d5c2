/**
 * Unsaved edits kept in the browser until saved: a page reload restores them.
 * Storage is injected (localStorage in the page, a Map in tests).
 */
import { z } from 'zod'

export type Files = Readonly<Record<string, string>>

export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface DraftRecord {
  /** The saved version the edits started from. */
  readonly baseVersion: number
  readonly files: Files
  /** ms since epoch, for the "restored unsaved changes" notice. */
  readonly savedAt: number
}

const draftSchema = z.object({
  baseVersion: z.number().int().min(1),
  files: z.record(z.string(), z.string()),
  savedAt: z.number(),
})

export const draftKey = (workspaceId: string) => `live-auth-studio:rules-draft:${workspaceId}`

/** True when both maps hold the same paths with the same text. */
export function sameFiles(a: Files, b: Files): boolean {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
}

/** Paths added, modified and removed going from `saved` to `draft` (each sorted). */
export function changedPaths(saved: Files, draft: Files): { added: string[]; modified: string[]; removed: string[] } {
  const added = Object.keys(draft).filter((p) => !Object.hasOwn(saved, p)).sort()
  const removed = Object.keys(saved).filter((p) => !Object.hasOwn(draft, p)).sort()
  const modified = Object.keys(draft).filter((p) => Object.hasOwn(saved, p) && saved[p] !== draft[p]).sort()
  return { added, modified, removed }
}

/** A stored draft's text as a record, or undefined when it is not one. */
export function parseDraft(raw: string): DraftRecord | undefined {
  try {
    const parsed = draftSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** The stored draft, or undefined when none is stored or it is unreadable (then it is dropped). */
export function readDraft(storage: KeyValueStorage, workspaceId: string): DraftRecord | undefined {
  const raw = storage.getItem(draftKey(workspaceId))
  if (raw === null) return undefined
  const draft = parseDraft(raw)
  if (draft === undefined) storage.removeItem(draftKey(workspaceId))
  return draft
}

/** Stores `draft` when it differs from `saved`, otherwise forgets any stored draft. Quota errors are ignored. */
export function writeDraft(storage: KeyValueStorage, workspaceId: string, saved: Files, draft: Files, baseVersion: number, now: number): void {
  try {
    if (sameFiles(saved, draft)) storage.removeItem(draftKey(workspaceId))
    else storage.setItem(draftKey(workspaceId), JSON.stringify({ baseVersion, files: draft, savedAt: now }))
  } catch {
    // a full or disabled storage only loses the reload safety net
  }
}

export function clearDraft(storage: KeyValueStorage, workspaceId: string): void {
  try {
    storage.removeItem(draftKey(workspaceId))
  } catch {
    // nothing to clear
  }
}

/**
 * Re-applies a draft made on `base` onto `current` (a newer saved version):
 * files the draft added, changed or removed relative to `base` are applied;
 * every other file comes from `current`. `conflicts` lists the files changed
 * both in the draft and in `current` (the draft's side is kept).
 * @example rebaseDraft({ a: '1' }, { a: '2' }, { a: '1', b: 'new' }) // { files: { a: '2', b: 'new' }, conflicts: [] }
 */
export function rebaseDraft(base: Files, draft: Files, current: Files): { files: Files; conflicts: string[] } {
  const mine = changedPaths(base, draft)
  const theirs = new Set(Object.values(changedPaths(base, current)).flat())
  const files: Record<string, string> = { ...current }
  for (const p of [...mine.added, ...mine.modified]) files[p] = draft[p] as string
  for (const p of mine.removed) delete files[p]
  const conflicts = [...mine.added, ...mine.modified, ...mine.removed].filter((p) => theirs.has(p) && files[p] !== current[p]).sort()
  return { files, conflicts }
}
