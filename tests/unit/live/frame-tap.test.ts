import { describe, expect, it } from 'vitest'
import { FrameTap, type TappedMessage } from '@/lib/live/proxy/frame-tap'

/** One frame as a peer writes it; `mask` given = a client frame. */
function frame(opcode: number, payload: Buffer | string, opts: { fin?: boolean; mask?: number[]; rsv?: number } = {}): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
  const fin = opts.fin ?? true
  const len = body.length
  const lenBytes = len < 126 ? Buffer.alloc(0) : len < 65536 ? Buffer.alloc(2) : Buffer.alloc(8)
  if (len >= 126 && len < 65536) lenBytes.writeUInt16BE(len)
  if (len >= 65536) lenBytes.writeBigUInt64BE(BigInt(len))
  const b0 = (fin ? 0x80 : 0) | (opts.rsv ?? 0) | opcode
  const b1 = (opts.mask ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127)
  const mask = opts.mask ? Buffer.from(opts.mask) : Buffer.alloc(0)
  const masked = Buffer.from(body)
  if (opts.mask) for (let i = 0; i < masked.length; i++) masked[i] = (masked[i] as number) ^ (mask[i & 3] as number)
  return Buffer.concat([Buffer.from([b0, b1]), lenBytes, mask, masked])
}

function tap(masked: boolean, extra: { maxMessageBytes?: number; observeBytes?: number } = {}) {
  const seen: TappedMessage[] = []
  const t = new FrameTap({ masked, observeBytes: extra.observeBytes ?? 1024, ...(extra.maxMessageBytes !== undefined ? { maxMessageBytes: extra.maxMessageBytes } : {}), onMessage: (m) => seen.push(m) })
  return { t, seen }
}

const MASK = [0x11, 0x22, 0x33, 0x44]

describe('the recording proxy reads frames from a stream it forwards as it is', () => {
  it('forwards a chunk of whole frames unchanged (the same buffer) and reads each message, unmasked', () => {
    const { t, seen } = tap(true)
    const chunk = Buffer.concat([frame(1, '{"type":"AUTH"}', { mask: MASK }), frame(2, Buffer.from([1, 2, 3]), { mask: MASK }), frame(9, 'ping', { mask: MASK })])
    const r = t.push(chunk)
    expect(r.forward).toBe(chunk)
    expect(r.tooBig).toBeUndefined()
    expect(seen.map((m) => [m.binary, m.size, m.payload?.toString('hex')])).toEqual([
      [false, 15, Buffer.from('{"type":"AUTH"}').toString('hex')],
      [true, 3, '010203'],
    ])
    expect(t.atBoundary).toBe(true)
  })

  it('reads frames split at every byte, holds back only a half header, and joins fragments', () => {
    const { t, seen } = tap(false)
    const bytes = Buffer.concat([frame(1, 'hel', { fin: false }), frame(10, 'pong'), frame(0, 'lo', { fin: false }), frame(0, ' world'), frame(1, 'x'.repeat(300))])
    const forwarded: Buffer[] = []
    for (let i = 0; i < bytes.length; i++) {
      forwarded.push(t.push(bytes.subarray(i, i + 1)).forward)
    }
    expect(Buffer.compare(Buffer.concat(forwarded), bytes)).toBe(0)
    expect(seen.map((m) => m.payload?.toString())).toEqual(['hello world', 'x'.repeat(300)])
  })

  it('is mid-frame while a frame is half forwarded (the proxy may not add a close there)', () => {
    const { t } = tap(false)
    const f = frame(1, 'abcdef')
    t.push(f.subarray(0, 4))
    expect(t.atBoundary).toBe(false)
    t.push(f.subarray(4))
    expect(t.atBoundary).toBe(true)
  })

  it('refuses a client message over the limit before any byte of it is forwarded, fragments counted together', () => {
    const { t, seen } = tap(true, { maxMessageBytes: 10 })
    const ok = frame(1, 'short', { mask: MASK })
    const first = frame(1, '123456', { fin: false, mask: MASK })
    const second = frame(0, '78901', { mask: MASK })
    const r = t.push(Buffer.concat([ok, first, second]))
    expect(r.tooBig).toBe(true)
    expect(Buffer.compare(r.forward, Buffer.concat([ok, first]))).toBe(0)
    expect(seen.map((m) => m.payload?.toString())).toEqual(['short'])
    expect(t.atBoundary).toBe(true)
  })

  it('counts a message larger than it observes without copying it', () => {
    const { t, seen } = tap(false, { observeBytes: 100 })
    t.push(frame(1, 'y'.repeat(70_000)))
    expect(seen).toEqual([{ binary: false, size: 70_000, payload: undefined }])
  })

  it.each([
    ['reserved bits', frame(1, 'a', { rsv: 0x40 })],
    ['an unknown opcode', frame(3, 'a')],
    ['a continuation without a start', frame(0, 'a')],
    ['a mask from the server', frame(1, 'a', { mask: MASK })],
    ['a control frame too long', frame(9, 'p'.repeat(126))],
  ])('stops observing on %s, and still forwards every byte', (_name, bad) => {
    const { t, seen } = tap(false)
    const after = frame(1, 'later')
    const r1 = t.push(bad)
    const r2 = t.push(after)
    expect(Buffer.compare(Buffer.concat([r1.forward, r2.forward]), Buffer.concat([bad, after]))).toBe(0)
    expect(t.broken).toBe(true)
    // Where its frames end is unknown: the proxy may not add a close frame of its own.
    expect(t.atBoundary).toBe(false)
    expect(seen).toEqual([])
  })

  it('writes a close frame of its own: unmasked to a client, masked to a server', () => {
    expect(FrameTap.closeFrame(1009, 'Max payload size exceeded', false).toString('hex')).toBe(`881b03f1${Buffer.from('Max payload size exceeded').toString('hex')}`)
    const masked = FrameTap.closeFrame(1001, 'bye', true)
    expect(masked.subarray(0, 2).toString('hex')).toBe('8885')
    expect(masked.subarray(6).toString('hex')).toBe(`03e9${Buffer.from('bye').toString('hex')}`)
    const { t, seen } = tap(true)
    t.push(masked)
    expect(t.broken).toBe(false)
    expect(seen).toEqual([])
  })
})
