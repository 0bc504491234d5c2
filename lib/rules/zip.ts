/**
 * A minimal ZIP writer and reader: stored entries only (no compression), UTF-8
 * names, no ZIP64, no encryption. The reader trusts nothing: every offset,
 * size, count, name and CRC is checked against limits and the bytes themselves.
 */
import { crc32 } from './crc32'

export interface ZipEntry {
  readonly path: string
  readonly data: Uint8Array
}

export interface ZipLimits {
  readonly maxEntries: number
  readonly maxEntryBytes: number
  readonly maxTotalBytes: number
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 500, maxEntryBytes: 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024 }

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
const UTF8_FLAG = 0x0800

/** MS-DOS time and date fields (local time is not known to pure code: `modified` is read as UTC). */
function dosDateTime(modified: Date): { time: number; date: number } {
  const year = Math.min(Math.max(modified.getUTCFullYear(), 1980), 2107)
  return {
    time: (modified.getUTCHours() << 11) | (modified.getUTCMinutes() << 5) | (modified.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((modified.getUTCMonth() + 1) << 5) | modified.getUTCDate(),
  }
}

/**
 * Writes a stored ZIP. `modified` is passed in (default 1980-01-01) so output is reproducible.
 * @example const bytes = writeZip([{ path: 'auth/rules.ts', data: utf8('export {}') }])
 */
export function writeZip(entries: readonly ZipEntry[], modified: Date = new Date(Date.UTC(1980, 0, 1))): Uint8Array {
  const { time, date } = dosDateTime(modified)
  const names = entries.map((e) => new TextEncoder().encode(e.path))
  const localSize = entries.reduce((sum, e, i) => sum + 30 + (names[i]?.length ?? 0) + e.data.length, 0)
  const centralSize = names.reduce((sum, n) => sum + 46 + n.length, 0)
  const out = new Uint8Array(localSize + centralSize + 22)
  const view = new DataView(out.buffer)
  const offsets: number[] = []
  let at = 0
  const u16 = (v: number): void => { view.setUint16(at, v, true); at += 2 }
  const u32 = (v: number): void => { view.setUint32(at, v >>> 0, true); at += 4 }
  const crcs = entries.map((e) => crc32(e.data))
  entries.forEach((e, i) => {
    const name = names[i] ?? new Uint8Array()
    offsets.push(at)
    u32(LOCAL); u16(10); u16(UTF8_FLAG); u16(0); u16(time); u16(date)
    u32(crcs[i] ?? 0); u32(e.data.length); u32(e.data.length); u16(name.length); u16(0)
    out.set(name, at); at += name.length
    out.set(e.data, at); at += e.data.length
  })
  const centralStart = at
  entries.forEach((e, i) => {
    const name = names[i] ?? new Uint8Array()
    u32(CENTRAL); u16(20); u16(10); u16(UTF8_FLAG); u16(0); u16(time); u16(date)
    u32(crcs[i] ?? 0); u32(e.data.length); u32(e.data.length); u16(name.length); u16(0); u16(0)
    u16(0); u16(0); u32(0); u32(offsets[i] ?? 0)
    out.set(name, at); at += name.length
  })
  const centralBytes = at - centralStart
  u32(END); u16(0); u16(0); u16(entries.length); u16(entries.length); u32(centralBytes); u32(centralStart); u16(0)
  return out
}

export type ZipReadResult = { readonly ok: true; readonly entries: ZipEntry[] } | { readonly ok: false; readonly error: string }

/** Offset of the end-of-central-directory record (it may be followed by a comment). */
function findEnd(view: DataView): number {
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END && i + 22 + view.getUint16(i + 20, true) === view.byteLength) return i
  }
  return -1
}

class ZipFormatError extends Error {}

function readEntry(bytes: Uint8Array, view: DataView, at: number, limits: ZipLimits): { entry: ZipEntry; next: number } {
  const fail = (message: string): never => { throw new ZipFormatError(message) }
  if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) fail('the central directory is damaged')
  const flags = view.getUint16(at + 8, true)
  const method = view.getUint16(at + 10, true)
  const crc = view.getUint32(at + 16, true)
  const size = view.getUint32(at + 20, true)
  const nameLength = view.getUint16(at + 28, true)
  const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  const localAt = view.getUint32(at + 42, true)
  if (next > bytes.length) fail('the central directory is damaged')
  let path = ''
  try {
    path = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at + 46, at + 46 + nameLength))
  } catch {
    fail('a file name is not valid UTF-8')
  }
  if (flags & 1) fail(`${path} is encrypted`)
  if (method !== 0) fail(`${path} is compressed (method ${method}); only stored (uncompressed) files are supported`)
  if (size !== view.getUint32(at + 24, true)) fail(`${path}: stored sizes disagree`)
  if (size > limits.maxEntryBytes) fail(`${path} is ${size} bytes; the limit is ${limits.maxEntryBytes}`)
  if (localAt + 30 > bytes.length || view.getUint32(localAt, true) !== LOCAL) fail(`${path}: local header missing`)
  const localName = bytes.subarray(localAt + 30, localAt + 30 + view.getUint16(localAt + 26, true))
  const centralName = bytes.subarray(at + 46, at + 46 + nameLength)
  if (localName.length !== centralName.length || localName.some((b, i) => b !== centralName[i])) fail(`${path}: local file name differs from the central directory`)
  const dataAt = localAt + 30 + localName.length + view.getUint16(localAt + 28, true)
  if (dataAt + size > bytes.length) fail(`${path} is truncated`)
  const data = bytes.slice(dataAt, dataAt + size)
  if (crc32(data) !== crc) fail(`${path} is corrupt (CRC-32 mismatch)`)
  return { entry: { path, data }, next }
}

/**
 * Reads a stored ZIP written by `writeZip` (or any tool using method 0, no ZIP64).
 * @example const r = readZip(bytes); if (!r.ok) show(r.error)
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipReadResult {
  if (bytes.length < 22) return { ok: false, error: 'Not a ZIP file (too short)' }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = findEnd(view)
  if (end === -1) return { ok: false, error: 'Not a ZIP file (no end of central directory record)' }
  const count = view.getUint16(end + 10, true)
  const cdStart = view.getUint32(end + 16, true)
  if (view.getUint16(end + 4, true) !== 0 || count !== view.getUint16(end + 8, true)) return { ok: false, error: 'Multi-part ZIP files are not supported' }
  if (count > limits.maxEntries) return { ok: false, error: `The ZIP holds ${count} entries; the limit is ${limits.maxEntries}` }
  if (cdStart + view.getUint32(end + 12, true) > end) return { ok: false, error: 'The ZIP central directory is out of bounds' }
  const entries: ZipEntry[] = []
  let total = 0
  try {
    for (let i = 0, at = cdStart; i < count; i++) {
      const { entry, next } = readEntry(bytes, view, at, limits)
      total += entry.data.length
      if (total > limits.maxTotalBytes) return { ok: false, error: `The ZIP unpacks to more than ${limits.maxTotalBytes} bytes` }
      entries.push(entry)
      at = next
    }
  } catch (e) {
    if (e instanceof ZipFormatError) return { ok: false, error: `Corrupt ZIP: ${e.message}` }
    throw e
  }
  return { ok: true, entries }
}
