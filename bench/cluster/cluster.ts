/**
 * Cross-instance room emit latency (issue 16): two studio processes sharing
 * one Redis and one data dir; a member on B emits, one after another, and the
 * time until a member on A has the ROOM_EVENT is measured (p50/p99), next to
 * the time until a second member on B (same instance) has it. Loopback only;
 * bounded count; stops by itself. CLUSTER_EMITS sets the count (default 2000).
 */
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { startRedis } from '../../tests/helpers/redis-server'
import { studioNodeFlags } from '../peer/processes'

const EMITS = Number(process.env.CLUSTER_EMITS ?? 2000)
const WARMUP = 200

type Frame = Record<string, unknown> & { type: string; requestId?: string }

function instance(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(__dirname, 'instance-process.ts'), [], {
    execArgv: [...studioNodeFlags(), '--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url })
    })
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)))
  })
}

class Client {
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = []
  private n = 0
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const parsed = JSON.parse(data.toString()) as Frame | Frame[]
      for (const f of Array.isArray(parsed) ? parsed : [parsed]) {
        const i = this.waiters.findIndex((w) => w.pred(f))
        if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(f)
      }
    })
  }
  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url)
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    return new Client(ws)
  }
  next(pred: (f: Frame) => boolean): Promise<Frame> {
    return new Promise((resolve) => this.waiters.push({ pred, resolve }))
  }
  async request(message: Record<string, unknown>): Promise<Frame> {
    const requestId = `q${++this.n}`
    const answer = this.next((f) => f.requestId === requestId)
    this.ws.send(JSON.stringify({ ...message, requestId, expectResponse: true }))
    return answer
  }
  async joinRoom(room: string): Promise<string> {
    const mounted = await this.request({ type: 'COMPONENT_MOUNT', payload: { component: 'LiveChat' } })
    const id = (mounted.result as { componentId: string }).componentId
    const joined = await this.request({ type: 'ROOM_JOIN', componentId: id, roomId: room })
    if (joined.type !== 'ROOM_JOINED') throw new Error(`join refused: ${JSON.stringify(joined)}`)
    return id
  }
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

async function main(): Promise<void> {
  const redis = await startRedis()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cluster-'))
  const env = { STUDIO_DATA_DIR: dataDir, STUDIO_REDIS_URL: redis.url, STUDIO_REDIS_PREFIX: 'bench' }
  const a = await instance({ ...env, STUDIO_INSTANCE_ID: 'bench-a' })
  const b = await instance({ ...env, STUDIO_INSTANCE_ID: 'bench-b' })
  try {
    const onA = await Client.open(a.url)
    const onB = await Client.open(b.url)
    const alsoB = await Client.open(b.url)
    await onA.joinRoom('bench')
    const sender = await onB.joinRoom('bench')
    await alsoB.joinRoom('bench')
    const cross: number[] = []
    const local: number[] = []
    for (let i = 0; i < WARMUP + EMITS; i++) {
      const isEvent = (f: Frame) => f.type === 'ROOM_EVENT' && (f.data as { i?: number } | undefined)?.i === i
      const t0 = performance.now()
      const gotA = onA.next(isEvent).then(() => performance.now() - t0)
      const gotB = alsoB.next(isEvent).then(() => performance.now() - t0)
      onB.ws.send(JSON.stringify({ type: 'ROOM_EMIT', componentId: sender, roomId: 'bench', payload: { event: 'tick', data: { i } } }))
      const [msA, msB] = await Promise.all([gotA, gotB])
      if (i >= WARMUP) {
        cross.push(msA)
        local.push(msB)
      }
    }
    cross.sort((x, y) => x - y)
    local.sort((x, y) => x - y)
    const line = (name: string, v: number[]) => `  ${name.padEnd(28)} p50 ${percentile(v, 50).toFixed(2)} ms   p99 ${percentile(v, 99).toFixed(2)} ms`
    console.log(`room emit, ${EMITS} emits one after another (after ${WARMUP} warm-up), two instances + one Redis on this machine:`)
    console.log(line('member on B (same instance)', local))
    console.log(line('member on A (other instance)', cross))
    for (const c of [onA, onB, alsoB]) c.ws.close()
  } finally {
    for (const p of [a, b]) {
      p.child.send('stop')
      await new Promise((r) => p.child.once('exit', r))
    }
    await redis.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
