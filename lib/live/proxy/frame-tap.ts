/**
 * Reads RFC 6455 frames out of a byte stream that is forwarded as it is, without
 * re-framing it: the recording proxy splices the client's and the upstream's TCP
 * bytes and taps them. The tap finds frame boundaries (so the proxy can add a
 * close frame of its own between two frames), copies and unmasks the messages it
 * may observe (fragments joined), and stops a client message over the live
 * socket's size limit before a byte of it is forwarded.
 *
 * A stream it cannot read (reserved bits, an unknown opcode, a mask on the wrong
 * side, a continuation without a start) is still forwarded untouched, exactly as a
 * direct connection would carry it; the tap just stops observing that direction.
 */

/** A whole message as the tap saw it (fragments joined, unmasked). */
export interface TappedMessage {
  readonly binary: boolean
  /** Payload bytes of the whole message. */
  readonly size: number
  /** The payload when it is at most `observeBytes` long; undefined for a larger one (counted, not copied). */
  readonly payload: Buffer | undefined
}

export interface FrameTapOptions {
  /** Frames of this direction carry a mask (client to server). */
  readonly masked: boolean
  /** A message larger than this is refused before it is forwarded (the client side's limit); none when absent. */
  readonly maxMessageBytes?: number
  /** Messages up to this size are copied for observation. */
  readonly observeBytes: number
  readonly onMessage: (message: TappedMessage) => void
}

export interface TapResult {
  /** The bytes to forward now (the chunk itself in the common case: no copy). */
  readonly forward: Buffer
  /** A message over `maxMessageBytes` starts right after `forward`: nothing of it was or may be forwarded. */
  readonly tooBig?: true
}

export class FrameTap {
  /** Payload bytes left in the frame being read. */
  private remaining = 0
  private mask: Buffer | undefined
  private maskAt = 0
  /** The frame being read belongs to a message (not a control frame). */
  private dataFrame = false
  private fin = false
  /** A message is open (its first frame seen, not yet its last). */
  private open = false
  private binary = false
  private size = 0
  private parts: Buffer[] = []
  /** Header bytes held back until the whole header arrives (never forwarded half; at most 13 bytes). */
  private held: Buffer | undefined
  /** The stream could not be read: bytes pass, nothing is observed. */
  broken = false

  constructor(private readonly options: FrameTapOptions) {}

  /**
   * True when everything forwarded so far ends on a frame boundary (a frame of the proxy's own may follow).
   * Never for a stream it could not read: where its frames end is unknown.
   */
  get atBoundary(): boolean {
    return !this.broken && this.remaining === 0
  }

  push(chunk: Buffer): TapResult {
    if (this.broken) return { forward: this.takeHeld(chunk) }
    const data = this.held ? Buffer.concat([this.held, chunk]) : chunk
    this.held = undefined
    let pos = 0
    while (pos < data.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, data.length - pos)
        if (this.dataFrame && this.size <= this.options.observeBytes) this.copy(data, pos, take)
        pos += take
        this.remaining -= take
        if (this.remaining === 0) this.frameDone()
        continue
      }
      const header = this.header(data, pos)
      if (header === 'short') {
        this.held = Buffer.from(data.subarray(pos))
        return { forward: pos === 0 ? Buffer.alloc(0) : data.subarray(0, pos) }
      }
      if (header === 'unreadable') {
        this.broken = true
        return { forward: data }
      }
      if (header === 'too-big') return { forward: data.subarray(0, pos), tooBig: true }
      pos += header
      if (this.remaining === 0) this.frameDone()
    }
    return { forward: data }
  }

  /** Parses the header at `pos`: its length, or why it cannot be read yet or at all. */
  private header(data: Buffer, pos: number): number | 'short' | 'unreadable' | 'too-big' {
    const left = data.length - pos
    if (left < 2) return 'short'
    const b0 = data[pos] as number
    const b1 = data[pos + 1] as number
    const opcode = b0 & 0x0f
    const masked = (b1 & 0x80) !== 0
    const len7 = b1 & 0x7f
    const need = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0)
    if (left < need) return 'short'
    if ((b0 & 0x70) !== 0 || masked !== this.options.masked) return 'unreadable'
    let length = len7
    if (len7 === 126) length = data.readUInt16BE(pos + 2)
    else if (len7 === 127) {
      const big = data.readBigUInt64BE(pos + 2)
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) return 'unreadable'
      length = Number(big)
    }
    const control = opcode >= 0x8
    if (control) {
      if (opcode > 0xa || length > 125 || (b0 & 0x80) === 0) return 'unreadable'
    } else {
      if (opcode > 0x2) return 'unreadable'
      if (opcode === 0x0 ? !this.open : this.open) return 'unreadable'
      if (opcode !== 0x0) {
        this.open = true
        this.binary = opcode === 0x2
        this.size = 0
        this.parts = []
      }
      if (this.options.maxMessageBytes !== undefined && this.size + length > this.options.maxMessageBytes) return 'too-big'
      this.size += length
      if (this.size > this.options.observeBytes) this.parts = []
    }
    this.dataFrame = !control
    this.fin = (b0 & 0x80) !== 0
    this.remaining = length
    this.mask = masked ? Buffer.from(data.subarray(pos + need - 4, pos + need)) : undefined
    this.maskAt = 0
    return need
  }

  private copy(data: Buffer, pos: number, take: number): void {
    const part = Buffer.from(data.subarray(pos, pos + take))
    const mask = this.mask
    if (mask) {
      for (let i = 0; i < part.length; i++) part[i] = (part[i] as number) ^ (mask[(this.maskAt + i) & 3] as number)
    }
    this.maskAt += take
    this.parts.push(part)
  }

  private frameDone(): void {
    if (!this.dataFrame || !this.fin) return
    this.open = false
    const payload = this.size > this.options.observeBytes ? undefined : this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts)
    this.parts = []
    this.options.onMessage({ binary: this.binary, size: this.size, payload })
  }

  private takeHeld(chunk: Buffer): Buffer {
    if (!this.held) return chunk
    const out = Buffer.concat([this.held, chunk])
    this.held = undefined
    return out
  }

  /** A frame of the proxy's own: a close with `code` and `reason`, masked when it goes to a server. */
  static closeFrame(code: number, reason: string, masked: boolean): Buffer {
    const text = Buffer.from(reason, 'utf8').subarray(0, 123)
    const body = Buffer.alloc(2 + text.length)
    body.writeUInt16BE(code, 0)
    text.copy(body, 2)
    const head = Buffer.from([0x88, (masked ? 0x80 : 0) | body.length])
    // A zero mask leaves the body as it is (the studio is the client here; RFC 6455 10.3 guards browsers' bytes).
    return Buffer.concat(masked ? [head, Buffer.alloc(4), body] : [head, body])
  }
}
