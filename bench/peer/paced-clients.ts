/**
 * Paced live clients for bench/peer: each authenticates, mounts a component
 * and then calls one action at most `perSecond` times a second (under the
 * library's 50 messages/s per connection), one request in flight at a time.
 * One ticker drives every client, so 700 clients cost 700 checks per tick,
 * not 700 timers.
 */
import WebSocket from 'ws'

type Frame = { type?: string; requestId?: string; success?: boolean; result?: { componentId?: string }; error?: string }

export class PacedClient {
  private readonly pending = new Map<string, (f: Frame) => void>()
  private seq = 0
  busy = false
  nextAt = 0
  sentAt = 0
  componentId = ''

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const parsed = JSON.parse(data.toString()) as Frame | Frame[]
      for (const f of Array.isArray(parsed) ? parsed : [parsed]) {
        const done = f.requestId !== undefined ? this.pending.get(f.requestId) : undefined
        if (done && f.requestId !== undefined) {
          this.pending.delete(f.requestId)
          done(f)
        }
      }
    })
    ws.on('error', () => undefined)
  }

  static open(url: string): Promise<PacedClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false })
      ws.once('open', () => resolve(new PacedClient(ws)))
      ws.once('error', reject)
    })
  }

  request(message: Record<string, unknown>): Promise<Frame> {
    const requestId = `p${this.seq++}`
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve)
      this.ws.send(JSON.stringify({ ...message, requestId, expectResponse: true }))
    })
  }

  close(): void {
    this.ws.terminate()
  }
}

/** Opens `n` clients, signs each in with `token` and mounts `component` (in small waves). */
export async function connectClients(url: string, n: number, token: string, component: string): Promise<PacedClient[]> {
  const clients: PacedClient[] = []
  for (let i = 0; i < n; i += 50) {
    const wave = await Promise.all(Array.from({ length: Math.min(50, n - i) }, async () => {
      const c = await PacedClient.open(url)
      const auth = await c.request({ type: 'AUTH', payload: { token } })
      if (auth.success !== true) throw new Error(`AUTH failed on ${url}: ${auth.error ?? ''}`)
      const mount = await c.request({ type: 'COMPONENT_MOUNT', payload: { component } })
      if (mount.success !== true) throw new Error(`mount failed on ${url}: ${mount.error ?? ''}`)
      c.componentId = mount.result?.componentId ?? ''
      return c
    }))
    clients.push(...wave)
  }
  return clients
}

export interface RoundResult {
  readonly trips: number
  readonly seconds: number
  readonly failures: number
  readonly latencies: number[]
  /** The first few failure texts, to say why. */
  readonly errors: string[]
}

/**
 * Runs every client paced at `perSecond` for `ms`; counts answers received within the window.
 * `message(c)` builds the request; `ok(frame)` says whether the answer is a success.
 */
export async function pacedRound(
  clients: readonly PacedClient[], ms: number, perSecond: number,
  message: (c: PacedClient) => Record<string, unknown>, ok: (f: Frame) => boolean,
): Promise<RoundResult> {
  const interval = 1000 / perSecond
  const latencies: number[] = []
  const errors: string[] = []
  let failures = 0
  const start = performance.now()
  const end = start + ms
  clients.forEach((c, i) => {
    c.busy = false
    c.nextAt = start + (i / clients.length) * interval
  })
  const inflight = new Set<Promise<void>>()
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      if (now >= end) return resolve()
      for (const c of clients) {
        if (c.busy || now < c.nextAt) continue
        c.busy = true
        c.sentAt = now
        c.nextAt = now + interval
        const p = c.request(message(c)).then((f) => {
          const at = performance.now()
          c.busy = false
          if (at > end) return
          latencies.push(at - c.sentAt)
          if (!ok(f)) {
            failures++
            if (errors.length < 3) errors.push(f.error ?? JSON.stringify(f).slice(0, 200))
          }
        })
        inflight.add(p)
        void p.finally(() => inflight.delete(p))
      }
      setTimeout(tick, 2)
    }
    tick()
  })
  const seconds = (performance.now() - start) / 1000
  // Let answers still on their way arrive (not counted) before the next round starts.
  await Promise.race([Promise.all(inflight), new Promise((r) => setTimeout(r, 3000))])
  return { trips: latencies.length, seconds, failures, latencies, errors }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
