/** Loopback ws clients for bench/live/live.ts: round-trip loops and a memory-load worker. */
import { Worker } from 'node:worker_threads'
import WebSocket from 'ws'

type Frame = { type?: string; requestId?: string; success?: boolean; result?: { componentId?: string }; error?: string }

/** A client that resolves requests by requestId (frames may be single messages or batches). */
export class BenchClient {
  private pending = new Map<string, (f: Frame) => void>()
  private seq = 0
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
  }

  static open(url: string): Promise<BenchClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false })
      ws.once('open', () => resolve(new BenchClient(ws)))
      ws.once('error', reject)
    })
  }

  request(message: Record<string, unknown>): Promise<Frame> {
    const requestId = `b${this.seq++}`
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve)
      this.ws.send(JSON.stringify({ ...message, requestId, expectResponse: true }))
    })
  }

  close(): void {
    this.ws.terminate()
  }
}

/** Runs `clients` sequential loops for `ms`; returns round trips per second and every latency (ms). */
export async function roundTrips(clients: readonly BenchClient[], ms: number, message: (i: number) => Record<string, unknown>, check: (f: Frame) => boolean, maxPerClient = Infinity): Promise<{ perSecond: number; latencies: number[]; failures: number }> {
  const latencies: number[] = []
  let failures = 0
  const start = performance.now()
  const deadline = start + ms
  await Promise.all(clients.map(async (c, i) => {
    for (let n = 0; n < maxPerClient && performance.now() < deadline; n++) {
      const t0 = performance.now()
      const answer = await c.request(message(i))
      latencies.push(performance.now() - t0)
      if (!check(answer)) failures++
    }
  }))
  const elapsed = (performance.now() - start) / 1000
  return { perSecond: latencies.length / elapsed, latencies, failures }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

// Plain JS so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const WebSocket = require(workerData.wsPath)
const sockets = []
function one() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(workerData.url, { perMessageDeflate: false })
    let step = 0
    ws.on('message', (d) => {
      const msgs = [].concat(JSON.parse(d.toString()))
      for (const m of msgs) {
        if (m.type === 'CONNECTION_ESTABLISHED' && step === 0) { step = 1; ws.send(JSON.stringify({ type: 'AUTH', payload: { token: workerData.token }, requestId: 'a' })) }
        else if (m.requestId === 'a') { if (!m.success) return reject(new Error('auth failed')); ws.send(JSON.stringify({ type: 'COMPONENT_MOUNT', payload: { component: workerData.component }, requestId: 'm' })) }
        else if (m.requestId === 'm') { m.success ? resolve() : reject(new Error(m.error)) }
      }
    })
    ws.on('error', reject)
    sockets.push(ws)
  })
}
;(async () => {
  for (let i = 0; i < workerData.count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, workerData.count - i) }, one))
  }
  parentPort.postMessage('ready')
  parentPort.on('message', () => { for (const s of sockets) s.terminate(); parentPort.postMessage('closed') })
})().catch((e) => parentPort.postMessage('error: ' + e.message))
`

/** Opens `count` authenticated connections with one mounted component each, in a worker (its heap is not the server's). */
export function idleConnections(url: string, token: string, component: string, count: number): Promise<{ close(): Promise<void> }> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, token, component, count, wsPath: require.resolve('ws') } })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('idle connections not ready in 60 s')), 60_000)
    worker.once('message', (m: string) => {
      clearTimeout(timer)
      if (m !== 'ready') return reject(new Error(m))
      resolve({
        close: () => new Promise<void>((done) => {
          worker.once('message', () => void worker.terminate().then(() => done()))
          worker.postMessage('close')
        }),
      })
    })
  })
}
