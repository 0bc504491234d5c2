/**
 * The payload each action column of the decision matrix is decided with, kept
 * per workspace in the browser (localStorage) and shared by every page that
 * decides matrix cells (Rules, the profile preview in Settings). Parsing of
 * the editor's text lives here too. Storage is injected (a Map in tests).
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { matrixPayloadsSchema } from '@/lib/api/workspace'
import type { KeyValueStorage } from './draft-store'

/** JSON values as the matrix API accepts them. */
export type Payloads = Readonly<Record<string, unknown>>

export const payloadsKey = (workspaceId: string) => `live-auth-studio:matrix-payloads:${workspaceId}`

const NONE: Payloads = Object.freeze({})

/** Stored text -> payloads; anything unreadable counts as none. */
export function parseStoredPayloads(raw: string | null): Payloads {
  if (raw === null) return NONE
  try {
    const parsed = matrixPayloadsSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : NONE
  } catch {
    return NONE
  }
}

export function readPayloads(storage: KeyValueStorage, workspaceId: string): Payloads {
  return parseStoredPayloads(storage.getItem(payloadsKey(workspaceId)))
}

/** Stores `value` as the payload of column `key` (undefined: back to no payload); returns the new map. */
export function writePayload(storage: KeyValueStorage, workspaceId: string, key: string, value: unknown): Payloads {
  const { [key]: _old, ...rest } = readPayloads(storage, workspaceId)
  const next: Record<string, unknown> = value === undefined ? rest : { ...rest, [key]: value }
  if (Object.keys(next).length === 0) storage.removeItem(payloadsKey(workspaceId))
  else storage.setItem(payloadsKey(workspaceId), JSON.stringify(next))
  return next
}

/** Payloads are examples for a rule, not data sets. */
export const MAX_PAYLOAD_CHARS = 32 * 1024

export type PayloadParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string }

/**
 * The editor's text as a payload: blank means no payload; otherwise one JSON value.
 * @example parsePayloadText('{"targetUserId": "u-admin"}') // { ok: true, value: { targetUserId: 'u-admin' } }
 */
export function parsePayloadText(text: string): PayloadParse {
  if (text.trim() === '') return { ok: true, value: undefined }
  if (text.length > MAX_PAYLOAD_CHARS) return { ok: false, error: `A payload is at most ${MAX_PAYLOAD_CHARS / 1024} KiB of JSON. Nothing was applied.` }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof SyntaxError ? jsonErrorText(e.message, text) : 'cannot read it'}. Nothing was applied.` }
  }
  return { ok: true, value }
}

/**
 * Where JSON `text` first goes wrong (an offset; `text.length` when it ends too
 * early), or -1 when it is valid. The engine's own messages do not always say.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0
  const fail = (): never => {
    throw new RangeError(String(i))
  }
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++
  }
  const word = (w: string) => {
    for (const ch of w) {
      if (text[i] !== ch) fail()
      i++
    }
  }
  const string = () => {
    i++
    while (i < text.length) {
      const c = text[i] ?? ''
      if (c === '"') return void i++
      if (c === '\\') {
        i++
        if (text[i] === 'u') {
          i++
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail()
          continue
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail()
      } else if (c < ' ') fail()
      i++
    }
    fail()
  }
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
  const value = (): void => {
    space()
    const c = text[i]
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      space()
      if (text[i] === close) return void i++
      for (;;) {
        if (c === '{') {
          space()
          if (text[i] !== '"') fail()
          string()
          space()
          if (text[i] !== ':') fail()
          i++
        }
        value()
        space()
        if (text[i] === ',') { i++; continue }
        if (text[i] === close) return void i++
        fail()
      }
    }
    if (c === '"') return string()
    if (c === 't') return word('true')
    if (c === 'f') return word('false')
    if (c === 'n') return word('null')
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (!m) fail()
    i += m?.[0].length ?? 0
  }
  try {
    value()
    space()
    return i < text.length ? i : -1
  } catch (e) {
    if (e instanceof RangeError) return Number(e.message)
    throw e
  }
}

/**
 * The engine's JSON error without the echo of the input or its offset, placed by line and column:
 * 'Unexpected token \'u\', "{"a": u}" is not valid JSON' -> "Unexpected token 'u' at line 1, column 7".
 */
export function jsonErrorText(message: string, text: string): string {
  const bare = message
    .replace(/,\s*".*" is not valid JSON$/s, '')
    .replace(/\s*(?:in JSON\s*)?at position \d+(?:\s*\(line \d+ column \d+\))?/, '')
    .replace(/ in JSON$/, '')
  const offset = jsonErrorOffset(text)
  if (offset < 0) return bare
  const before = text.slice(0, offset).split('\n')
  return `${bare} at line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}`
}

/** A payload as the editor shows it: pretty JSON, or '' for none. */
export function payloadText(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2)
}

/** A payload in one short line for a column header: 'no payload', '{"targetUserId":"u-admin"}' cut at `max` characters. */
export function payloadPreview(value: unknown, max = 24): string {
  if (value === undefined) return 'no payload'
  const text = JSON.stringify(value)
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

// One subscription serves every hook on the page: writes here notify at once, other tabs through 'storage'.
const listeners = new Set<() => void>()
const notify = () => listeners.forEach((l) => l())

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (listeners.size === 1) window.addEventListener('storage', notify)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) window.removeEventListener('storage', notify)
  }
}

/** The column payloads of `workspaceId` (none until it is known), kept in this browser, and a setter that stores them. */
export function useMatrixPayloads(workspaceId: string | undefined) {
  const raw = useSyncExternalStore(
    subscribe,
    () => (workspaceId === undefined ? null : window.localStorage.getItem(payloadsKey(workspaceId))),
    () => null,
  )
  const payloads = useMemo(() => parseStoredPayloads(raw), [raw])
  /** Stores the payload of column `key` (undefined: none); returns an error message when the browser refused to store it. */
  const setPayload = useCallback((key: string, value: unknown): string | undefined => {
    if (workspaceId === undefined) return 'The workspace is still loading.'
    try {
      writePayload(window.localStorage, workspaceId, key, value)
    } catch {
      return 'The browser refused to store the payload (storage full or disabled). Nothing was applied.'
    }
    notify()
    return undefined
  }, [workspaceId])
  /** Changes only when the payloads do: a dependency for refetching. */
  const signature = raw ?? ''
  return { payloads, setPayload, signature }
}
