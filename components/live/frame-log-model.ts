/**
 * The frame log's pure side: bounded append, message-type labels, pretty
 * printing with masking re-applied, and search.
 */
import { maskFrameText, type FrameLogEntry } from '@/lib/live/client'

export interface FrameRow extends FrameLogEntry {
  readonly id: number
}

/** Oldest frames are dropped past this many (a chatty component must not eat the tab's memory). */
export const MAX_FRAMES = 500

export function appendFrame(rows: readonly FrameRow[], entry: FrameLogEntry, id: number, cap = MAX_FRAMES): FrameRow[] {
  const next = [...rows, { ...entry, id }]
  return next.length > cap ? next.slice(next.length - cap) : next
}

function typeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const type = (value as { type?: unknown }).type
  return typeof type === 'string' ? type : undefined
}

/** 'AUTH_RESPONSE', 'STATE_DELTA + ACTION_RESPONSE' for a batch, 'binary' or 'text'. */
export function frameLabel(entry: Pick<FrameLogEntry, 'text' | 'binary'>): string {
  if (entry.binary) return 'binary'
  let parsed: unknown
  try {
    parsed = JSON.parse(entry.text) as unknown
  } catch {
    return 'text'
  }
  if (Array.isArray(parsed)) {
    const types = parsed.map((m) => typeOf(m) ?? '?')
    return types.length === 0 ? 'empty batch' : types.join(' + ')
  }
  return typeOf(parsed) ?? 'JSON'
}

/** Indented JSON (or the text as is), with tokens masked again in case a frame slipped through unmasked. */
export function prettyFrame(text: string): string {
  const masked = maskFrameText(text)
  try {
    return JSON.stringify(JSON.parse(masked), null, 2)
  } catch {
    return masked
  }
}

export type DirectionFilter = 'all' | 'in' | 'out'

/** Frames whose direction matches and whose text or type label contains `query` (case-insensitive). */
export function filterFrames(rows: readonly FrameRow[], query: string, direction: DirectionFilter = 'all'): FrameRow[] {
  const q = query.trim().toLowerCase()
  return rows.filter((row) => {
    if (direction !== 'all' && row.direction !== direction) return false
    if (q === '') return true
    return row.text.toLowerCase().includes(q) || frameLabel(row).toLowerCase().includes(q)
  })
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** 'HH:MM:SS.mmm' in local time. */
export function formatClock(at: number): string {
  const d = new Date(at)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}
