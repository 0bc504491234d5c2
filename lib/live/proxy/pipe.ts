/**
 * One client socket through to its own upstream socket. Frames pass unchanged
 * in both directions (text stays text, binary stays binary, order kept); pings
 * and pongs are relayed, not answered by the proxy; a close on either side is
 * passed on with its code and reason. The observer gets a copy of every frame
 * after it was forwarded, so watching never delays the traffic.
 */
import type { RawData, WebSocket } from 'ws'

/** Close codes a peer may send (RFC 6455 7.4: 1005, 1006 and 1015 are never sent on the wire). */
export function sendableCode(code: number | undefined): number | undefined {
  if (code === undefined) return undefined
  if (code === 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)) return code
  return undefined
}

/** A close reason is at most 123 bytes of UTF-8. */
function reasonText(reason: Buffer | string): string {
  const text = typeof reason === 'string' ? reason : reason.toString('utf8')
  return Buffer.byteLength(text) <= 123 ? text : Buffer.from(text).subarray(0, 123).toString('utf8').replace(/\uFFFD$/, '')
}

export interface PipeObserver {
  /** A text frame from the client (after it was sent on), as its UTF-8 bytes. */
  fromClient(frame: Buffer): void
  /** A text frame from the upstream (after it was sent on), as its UTF-8 bytes. */
  fromUpstream(frame: Buffer): void
  /** A binary frame, either way: recorded by size. */
  binary(direction: 'client' | 'upstream', bytes: Buffer): void
  /** The pair is over (either side closed). */
  closed(): void
}

export interface PipeLimits {
  /**
   * Past this many unsent bytes toward one side, the other side is paused (not read) until they drain, as a
   * direct connection would slow down; past sixteen times as many (a side that never reads) the pair is closed with 1013.
   */
  readonly maxBufferedBytes: number
}

/** The TCP socket under a ws WebSocket (for its 'drain'); undefined once gone. */
function rawSocket(ws: WebSocket): { once(event: 'drain', fn: () => void): void } | undefined {
  return (ws as unknown as { _socket?: { once(event: 'drain', fn: () => void): void } })._socket
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

/** Connects an accepted client socket and an open upstream socket until either closes. */
export function pipe(client: WebSocket, upstream: WebSocket, observer: PipeObserver | undefined, limits: PipeLimits): void {
  let over = false
  const finish = () => {
    if (over) return
    over = true
    observer?.closed()
  }
  const relay = (from: WebSocket, to: WebSocket, side: 'client' | 'upstream') => {
    let paused = false
    from.on('message', (data: RawData, isBinary: boolean) => {
      if (to.readyState !== to.OPEN) return
      if (to.bufferedAmount > 16 * limits.maxBufferedBytes) {
        const slow = side === 'client' ? 'The upstream is not reading' : 'The client is not reading'
        client.close(1013, `${slow}; closed by the studio's proxy`)
        upstream.close(1013, `${slow}; closed by the studio's proxy`)
        return
      }
      to.send(data, { binary: isBinary })
      if (to.bufferedAmount > limits.maxBufferedBytes && !paused) {
        // Stop reading this side until the other has taken what waits for it.
        const raw = rawSocket(to)
        if (raw) {
          paused = true
          from.pause()
          raw.once('drain', () => {
            paused = false
            if (from.readyState === from.OPEN) from.resume()
          })
        }
      }
      if (!observer) return
      try {
        if (isBinary) observer.binary(side, toBuffer(data))
        else if (side === 'client') observer.fromClient(toBuffer(data))
        else observer.fromUpstream(toBuffer(data))
      } catch {
        // Watching must never break the traffic.
      }
    })
    from.on('ping', (data: Buffer) => {
      if (to.readyState === to.OPEN) to.ping(data)
    })
    from.on('pong', (data: Buffer) => {
      if (to.readyState === to.OPEN) to.pong(data)
    })
    from.on('close', (code: number, reason: Buffer) => {
      finish()
      if (to.readyState === to.CLOSED || to.readyState === to.CLOSING) return
      const sendable = sendableCode(code)
      if (sendable === undefined) {
        // The other side went away without a close frame (1006) or sent none (1005): end it the same way.
        if (code === 1005) to.close()
        else to.terminate()
        return
      }
      to.close(sendable, reasonText(reason))
    })
    from.on('error', () => {
      // A protocol error on one side ends that side; its 'close' handles the other.
    })
  }
  relay(client, upstream, 'client')
  relay(upstream, client, 'upstream')
}
