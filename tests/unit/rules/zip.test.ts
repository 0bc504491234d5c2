import { describe, expect, it } from 'vitest'
import { crc32 } from '@/lib/rules/crc32'
import { readZip, writeZip } from '@/lib/rules/zip'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const PYTHON_ZIP = 'UEsDBBQAAAAAAC9Zd138R/uGCgAAAAoAAAAEAAAAYS50c2V4cG9ydCB7fQpQSwMEFAAAAAAAL1l3XQAAAAAAAAAAAAAAAAQAAABkaXIvUEsBAhQDFAAAAAAAL1l3XfxH+4YKAAAACgAAAAQAAAAAAAAAAAAAAKSBAAAAAGEudHNQSwECFAMUAAAAAAAvWXddAAAAAAAAAAAAAAAABAAAAAAAAAAAABAA/UEsAAAAZGlyL1BLBQYAAAAAAgACAGQAAABOAAAAAAA='
const entries = [
  { path: 'auth/rules.ts', data: utf8("export const adminOnly = { required: true, roles: ['admin'] }\n") },
  { path: 'components/ünï.ts', data: utf8('// héllo\n') },
  { path: 'empty.ts', data: new Uint8Array() },
]

describe('crc32', () => {
  it.each([['', 0], ['123456789', 0xcbf43926], ['The quick brown fox jumps over the lazy dog', 0x414fa339]])('%j', (text, crc) => {
    expect(crc32(utf8(text))).toBe(crc)
  })
})

describe('writeZip / readZip', () => {
  it('round-trips entries, names in UTF-8', () => {
    const r = readZip(writeZip(entries))
    expect(r).toEqual({ ok: true, entries })
  })

  it('reads a stored ZIP made by another tool (Python zipfile, with a directory entry)', () => {
    const bytes = Uint8Array.from(atob(PYTHON_ZIP), (c) => c.charCodeAt(0))
    expect(readZip(bytes)).toEqual({ ok: true, entries: [{ path: 'a.ts', data: utf8('export {}\n') }, { path: 'dir/', data: new Uint8Array() }] })
  })

  it('is reproducible and stamps the given date', () => {
    const a = writeZip(entries, new Date(Date.UTC(2024, 4, 17, 13, 45, 30)))
    expect(a).toEqual(writeZip(entries, new Date(Date.UTC(2024, 4, 17, 13, 45, 30))))
    const view = new DataView(a.buffer)
    expect([view.getUint16(10, true), view.getUint16(12, true)]).toEqual([(13 << 11) | (45 << 5) | 15, (44 << 9) | (5 << 5) | 17])
  })

  const zip = writeZip(entries)
  const mutate = (f: (b: Uint8Array, v: DataView) => void): Uint8Array => {
    const copy = zip.slice()
    f(copy, new DataView(copy.buffer))
    return copy
  }
  const firstData = 30 + 'auth/rules.ts'.length

  it.each<[string, Uint8Array, string]>([
    ['too short', new Uint8Array(10), 'Not a ZIP file (too short)'],
    ['no end record', utf8('x'.repeat(100)), 'Not a ZIP file (no end of central directory record)'],
    ['flipped data byte', mutate((b) => { b[firstData] = (b[firstData] ?? 0) ^ 1 }), 'Corrupt ZIP: auth/rules.ts is corrupt (CRC-32 mismatch)'],
    ['truncated', mutate(() => undefined).slice(0, 40), 'Not a ZIP file (no end of central directory record)'],
    ['compressed method', mutate((b, v) => { v.setUint16(zip.length - 22 - centralSize() + 10, 8, true) }), 'Corrupt ZIP: auth/rules.ts is compressed (method 8); only stored (uncompressed) files are supported'],
    ['central directory offset out of range', mutate((b, v) => { v.setUint32(b.length - 6, 0xfffffff0, true) }), 'The ZIP central directory is out of bounds'],
    ['bad local header offset', mutate((b, v) => { v.setUint32(zip.length - 22 - centralSize() + 42, 5, true) }), 'Corrupt ZIP: auth/rules.ts: local header missing'],
  ])('rejects %s', (_, bytes, error) => {
    expect(readZip(bytes)).toEqual({ ok: false, error })
  })

  function centralSize(): number {
    return new DataView(zip.buffer).getUint32(zip.length - 22 + 12, true)
  }

  it.each<[string, Partial<{ maxEntries: number; maxEntryBytes: number; maxTotalBytes: number }>, string]>([
    ['entry count', { maxEntries: 2 }, 'The ZIP holds 3 entries; the limit is 2'],
    ['entry size', { maxEntryBytes: 10 }, 'Corrupt ZIP: auth/rules.ts is 62 bytes; the limit is 10'],
    ['total size', { maxTotalBytes: 65 }, 'The ZIP unpacks to more than 65 bytes'],
  ])('enforces the %s limit', (_, limits, error) => {
    expect(readZip(zip, { maxEntries: 10, maxEntryBytes: 1000, maxTotalBytes: 1000, ...limits })).toEqual({ ok: false, error })
  })
})
