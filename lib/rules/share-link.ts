/**
 * Share links: the workspace document (no keys, no secrets: the format has no
 * field for them) as JSON -> deflate-raw -> base64url in the URL fragment,
 * which browsers never send to a server. Layout: `v1.<crc32 hex>.<data>`.
 * The CRC catches damaged or edited links (integrity, not authenticity).
 */
import { decodeBase64url, encodeBase64url } from '@/lib/tokens'
import { crc32 } from './crc32'
import { toWorkspaceDocument } from './export'
import { importWorkspaceJson } from './import'
import type { Parsed } from './rule-tests'
import type { PortableWorkspace } from './workspace-doc'

export const SHARE_PREFIX = 'v1'
/** Longest fragment accepted or produced (browsers and chat apps cut long URLs). */
export const MAX_SHARE_CHARS = 64 * 1024
/** Largest decompressed document (decompression bomb guard). */
export const MAX_SHARE_DECODED_BYTES = 1024 * 1024

async function pump(input: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | undefined> {
  const writer = stream.writable.getWriter()
  const reader = stream.readable.getReader()
  // Write without awaiting: a bomb must be cut off while reading, not after.
  writer.write(new Uint8Array(input)).then(() => writer.close()).catch(() => undefined)
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > limit) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) { out.set(chunk, at); at += chunk.length }
  return out
}

const hex = (n: number): string => n.toString(16).padStart(8, '0')

/**
 * Encodes a workspace into a URL fragment (without `#`).
 * @example const r = await encodeShareLink(ws); if (r.ok) location.hash = r.value
 */
export async function encodeShareLink(ws: PortableWorkspace): Promise<Parsed<string>> {
  const doc = toWorkspaceDocument(ws)
  if (!doc.ok) return doc
  const json = new TextEncoder().encode(JSON.stringify(doc.value))
  if (json.length > MAX_SHARE_DECODED_BYTES) return { ok: false, issues: [`The workspace is ${json.length} bytes; a share link holds at most ${MAX_SHARE_DECODED_BYTES}`] }
  const packed = await pump(json, new CompressionStream('deflate-raw'), Number.POSITIVE_INFINITY)
  const fragment = `${SHARE_PREFIX}.${hex(crc32(json))}.${encodeBase64url(packed ?? new Uint8Array())}`
  if (fragment.length > MAX_SHARE_CHARS) {
    return { ok: false, issues: [`The share link would be ${fragment.length} characters; the limit is ${MAX_SHARE_CHARS}. Export the workspace as a file instead.`] }
  }
  return { ok: true, value: fragment }
}

/**
 * Decodes and validates a share fragment (with or without a leading `#`).
 * @example const r = await decodeShareLink(location.hash); if (!r.ok) show(r.issues)
 */
export async function decodeShareLink(fragment: string): Promise<Parsed<PortableWorkspace>> {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment
  const bad = (message: string): Parsed<PortableWorkspace> => ({ ok: false, issues: [message] })
  if (text.length > MAX_SHARE_CHARS) return bad(`The share link is ${text.length} characters; the limit is ${MAX_SHARE_CHARS}`)
  const m = /^([^.]*)\.([0-9a-f]{8})\.([^.]*)$/.exec(text)
  if (!m) return bad('This is not a studio share link')
  if (m[1] !== SHARE_PREFIX) return bad(`Unsupported share link version '${m[1] ?? ''}' (this studio reads ${SHARE_PREFIX})`)
  const bytes = decodeBase64url(m[3] ?? '')
  if (!bytes.ok) return bad(`The share link is damaged: its data ${bytes.message}`)
  let json: Uint8Array | undefined
  try {
    json = await pump(bytes.value, new DecompressionStream('deflate-raw'), MAX_SHARE_DECODED_BYTES)
  } catch {
    return bad('The share link is damaged: its data does not decompress')
  }
  if (json === undefined) return bad(`The share link unpacks to more than ${MAX_SHARE_DECODED_BYTES} bytes; refused`)
  if (hex(crc32(json)) !== m[2]) return bad('The share link is damaged or was altered (checksum mismatch)')
  let doc: string
  try {
    doc = new TextDecoder('utf-8', { fatal: true }).decode(json)
  } catch {
    return bad('The share link is damaged: its data is not UTF-8 text')
  }
  return importWorkspaceJson(doc)
}
