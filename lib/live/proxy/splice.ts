/**
 * One client socket through to its own upstream socket, after both handshakes:
 * the TCP bytes are forwarded as they arrive, both ways, so frames, their
 * fragmentation, masks, pings, pongs and close frames reach the other side
 * exactly as sent, as through a plain TCP relay. A tap on each direction reads
 * the frames for the observer after they were forwarded, so watching never
 * delays the traffic; backpressure is TCP's own (a side that does not read stops
 * the other side's reading, and memory stays at one socket buffer each way).
 *
 * The proxy adds frames of its own only to end a connection: a client message
 * over the live socket's size limit is refused with 1009 before any of it is
 * forwarded (both sides get the close), and a shutdown sends 1001. A close is
 * written between two frames; a side caught mid-frame is dropped instead.
 */
import type { Socket } from 'node:net'
import { FrameTap, type TappedMessage } from './frame-tap'

export interface SpliceObserver {
  /** A text message from the client (after it was forwarded), as its UTF-8 bytes. */
  fromClient(text: Buffer): void
  /** A text message from the upstream (after it was forwarded), as its UTF-8 bytes. */
  fromUpstream(text: Buffer): void
  /** A binary message, either way: its size, and its bytes when small enough to read. */
  binary(direction: 'client' | 'upstream', size: number, bytes: Buffer | undefined): void
  /** A text message too large to observe: counted by size. */
  oversized(direction: 'client' | 'upstream', size: number): void
  /** The pair is over (either side closed). */
  closed(): void
}

export interface SpliceOptions {
  /** The live socket's limit for one client message (4 MiB). */
  readonly maxClientMessageBytes: number
  /** Messages up to this many bytes are copied for the observer. */
  readonly observeBytes: number
}

export interface Spliced {
  /** Ends both sides with a close frame of the proxy's own (e.g. 1001 at shutdown). */
  close(code: number, reason: string): void
}

/** How long a side may take to finish after the proxy ended the pair, before it is dropped. */
const GRACE_MS = 2000
const TOO_BIG = 'Max payload size exceeded'

export function splice(client: Socket, clientHead: Buffer, upstream: Socket, upstreamHead: Buffer, observer: SpliceObserver | undefined, options: SpliceOptions): Spliced {
  let over = false
  let ending = false
  const finish = () => {
    if (over) return
    over = true
    try {
      observer?.closed()
    } catch {
      // Watching must never break the traffic.
    }
  }
  const deliver = (direction: 'client' | 'upstream') => (m: TappedMessage) => {
    if (!observer) return
    try {
      if (m.binary) observer.binary(direction, m.size, m.payload)
      else if (m.payload === undefined) observer.oversized(direction, m.size)
      else if (direction === 'client') observer.fromClient(m.payload)
      else observer.fromUpstream(m.payload)
    } catch {
      // Watching must never break the traffic.
    }
  }
  const upTap = new FrameTap({ masked: true, maxMessageBytes: options.maxClientMessageBytes, observeBytes: options.observeBytes, onMessage: deliver('client') })
  const downTap = new FrameTap({ masked: false, observeBytes: options.observeBytes, onMessage: deliver('upstream') })

  const endBoth = (code: number, reason: string) => {
    if (ending) return
    ending = true
    const toClient = FrameTap.closeFrame(code, reason, false)
    const toUpstream = FrameTap.closeFrame(code, reason, true)
    // Whatever still arrives is read and dropped, so neither peer is reset before it has read the close.
    client.removeAllListeners('data')
    upstream.removeAllListeners('data')
    client.on('data', () => undefined).resume()
    upstream.on('data', () => undefined).resume()
    if (!client.destroyed) {
      if (downTap.atBoundary) client.end(toClient)
      else client.destroy()
    }
    if (!upstream.destroyed) {
      if (upTap.atBoundary) upstream.end(toUpstream)
      else upstream.destroy()
    }
    setTimeout(() => {
      client.destroy()
      upstream.destroy()
    }, GRACE_MS).unref()
  }

  const relay = (from: Socket, to: Socket, tap: FrameTap, refuseTooBig: boolean) => {
    let waiting = false
    const forward = (chunk: Buffer) => {
      const { forward: bytes, tooBig } = tap.push(chunk)
      if (bytes.length > 0 && !to.destroyed && !to.write(bytes) && !waiting) {
        // The other side is not taking bytes as fast: stop reading this one until it has (TCP's backpressure).
        waiting = true
        from.pause()
        to.once('drain', () => {
          waiting = false
          if (!ending) from.resume()
        })
      }
      if (tooBig && refuseTooBig) endBoth(1009, TOO_BIG)
    }
    from.on('data', forward)
    from.on('end', () => {
      // A side that ends its stream ends the other's: a close frame it sent has been forwarded before this.
      if (!to.destroyed) to.end()
    })
    from.on('close', () => {
      finish()
      if (!to.destroyed) {
        to.end()
        setTimeout(() => to.destroy(), GRACE_MS).unref()
      }
    })
    from.on('error', () => {
      // A reset on one side drops the other (it would see 1006 from a direct connection too).
      to.destroy()
    })
  }
  relay(client, upstream, upTap, true)
  relay(upstream, client, downTap, false)
  if (clientHead.length > 0) client.unshift(clientHead)
  if (upstreamHead.length > 0) upstream.unshift(upstreamHead)
  return { close: endBoth }
}
