import { describe, expect, it } from 'vitest'
import { crc32 } from '@/lib/rules/crc32'
import { MAX_SHARE_CHARS, decodeShareLink, encodeShareLink } from '@/lib/rules/share-link'
import { encodeBase64url } from '@/lib/tokens'
import { DEMO } from './fixtures'

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('deflate-raw'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** A link with a valid checksum around arbitrary content. */
async function forge(content: Uint8Array, version = 'v1'): Promise<string> {
  return `${version}.${crc32(content).toString(16).padStart(8, '0')}.${encodeBase64url(await deflate(content))}`
}

async function demoLink(): Promise<string> {
  const r = await encodeShareLink(DEMO)
  if (!r.ok) throw new Error(r.issues.join('\n'))
  return r.value
}

describe('share links', () => {
  it('round-trips the demo workspace through the fragment (with or without #)', async () => {
    const link = await demoLink()
    expect(link).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/)
    expect(await decodeShareLink(link)).toEqual({ ok: true, value: DEMO })
    expect(await decodeShareLink(`#${link}`)).toEqual({ ok: true, value: DEMO })
    // Measured size of the demo link, reported in the notes.
    expect(link.length).toBeLessThan(8 * 1024)
  })

  it('refuses to encode a workspace whose link would be oversize', async () => {
    let seed = 1
    const noise = Array.from({ length: 70_000 }, () => { seed = (seed * 48271) % 2147483647; return String.fromCharCode(33 + (seed % 90)) }).join('')
    const r = await encodeShareLink({ ...DEMO, files: { 'noise.ts': `// ${noise}` } })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.issues[0]).toMatch(new RegExp(`^The share link would be \\d+ characters; the limit is ${MAX_SHARE_CHARS}\\. Export the workspace as a file instead\\.$`))
  })

  it.each<[string, () => Promise<string>, string[]]>([
    ['oversize fragment', async () => `v1.00000000.${'A'.repeat(MAX_SHARE_CHARS)}`, [`The share link is ${MAX_SHARE_CHARS + 12} characters; the limit is ${MAX_SHARE_CHARS}`]],
    ['not a link', async () => 'hello', ['This is not a studio share link']],
    ['unknown version', async () => (await demoLink()).replace(/^v1/, 'v9'), ["Unsupported share link version 'v9' (this studio reads v1)"]],
    ['bad base64url', async () => `${(await demoLink()).slice(0, 20)}+${(await demoLink()).slice(21)}`, ['The share link is damaged: its data has "+" at position 8 (standard base64, not base64url)']],
    ['edited checksum', async () => (await demoLink()).replace(/^v1\.[0-9a-f]{8}/, 'v1.00000000'), ['The share link is damaged or was altered (checksum mismatch)']],
    ['truncated data', async () => (await demoLink()).slice(0, -40), ['The share link is damaged: its data does not decompress']],
    ['decompression bomb', async () => forge(new Uint8Array(2 * 1024 * 1024)), ['The share link unpacks to more than 1048576 bytes; refused']],
    ['valid checksum, not JSON', async () => forge(new TextEncoder().encode('hello')), ['(document): not valid JSON']],
    ['valid checksum, a document with a key', async () => forge(new TextEncoder().encode(JSON.stringify({
      format: 'live-auth-studio/workspace', version: 1, name: 'x', files: {}, personas: [], ruleTests: [], secret: 'sbsec_x',
    }))), ['(document): Unrecognized key: "secret"']],
  ])('rejects %s', async (_, make, issues) => {
    expect(await decodeShareLink(await make())).toEqual({ ok: false, issues })
  })

  it('rejects a tampered data character (any position) without throwing', async () => {
    const link = await demoLink()
    const dataStart = link.lastIndexOf('.') + 1
    for (const offset of [0, 100, 500, link.length - dataStart - 2]) {
      const i = dataStart + offset
      const flipped = `${link.slice(0, i)}${link[i] === 'A' ? 'B' : 'A'}${link.slice(i + 1)}`
      const r = await decodeShareLink(flipped)
      expect(r.ok).toBe(false)
      expect(!r.ok && r.issues[0]).toMatch(/^The share link is damaged/)
    }
  })
})
