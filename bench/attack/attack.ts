/**
 * bench/attack: replays the five attacks of issue 13 against a running studio
 * and prints, for each, /api/health p50/p99 during the attack, what the
 * attacker was answered, sandbox crashes and replaced workers, victims logged
 * out or short of state, and store growth. Run: npx tsx bench/attack/attack.ts
 *
 * By default it starts its own studio (production build, `npm start` style,
 * admin token set, fresh data dir); `ATTACK_URL` + `ATTACK_ADMIN_TOKEN` point
 * it at one already running instead (it saves a version with a hostile
 * component into the active workspace, so never aim it at a team's studio).
 * Each scenario's attacker connects from its own loopback address (127.0.0.11
 * to .15); the health probe and the victims from 127.0.0.2 (other clients, as
 * in a deployment).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import path from 'node:path'
import WebSocket from 'ws'
import { signToken } from '../../lib/tokens'
import type { StudioKey } from '../../lib/tokens/keys'
import { DEMO_PERSONAS } from '../../lib/workspace/personas'
import { percentile } from '../peer/paced-clients'
import { studioNodeFlags } from '../peer/processes'

const ROOT = path.resolve(__dirname, '..', '..')
const SECONDS = Number(process.env.ATTACK_SECONDS ?? 10)
const BYSTANDER = '127.0.0.2'
/** Each scenario attacks from its own loopback address, so one's budget debt does not colour the next. */
let ATTACKER = '127.0.0.10'

/** The hostile component of scenarios 1 and 2: one long built-in, one quick loop. */
const HOG = `import { LiveComponent } from '@fluxstack/live'

export class Hog extends LiveComponent<{ n: number }> {
  static componentName = 'Hog'
  static publicActions = ['spin', 'quick'] as const
  static defaultState = { n: 0 }

  /** One call to a built-in that runs for seconds: no deadline can interrupt it. */
  async spin() {
    return (10n ** 300000n).toString().length
  }

  /** About half a millisecond of plain code. */
  async quick() {
    let x = 0
    for (let i = 0; i < 20000; i++) x += i
    return x
  }
}
`

type Frame = { type?: string; requestId?: string; success?: boolean; error?: string; result?: Record<string, unknown> }

class Client {
  private readonly pending = new Map<string, (f: Frame) => void>()
  private seq = 0
  closeCode: number | undefined
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d: WebSocket.RawData) => {
      const parsed = JSON.parse(d.toString()) as Frame | Frame[]
      for (const f of Array.isArray(parsed) ? parsed : [parsed]) {
        // The library's rate-limit refusal carries no requestId: it answers the oldest request waiting.
        const id = f.requestId ?? (f.type === 'ERROR' && f.error === 'Rate limit exceeded' ? this.pending.keys().next().value : undefined)
        const done = id !== undefined ? this.pending.get(id) : undefined
        if (done && id !== undefined) {
          this.pending.delete(id)
          done(f)
        }
      }
    })
    ws.on('close', (code) => {
      this.closeCode = code
      for (const done of this.pending.values()) done({ success: false, error: `closed (${code})` })
      this.pending.clear()
    })
    ws.on('error', () => undefined)
  }

  static open(url: string, localAddress: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, localAddress })
      ws.once('open', () => resolve(new Client(ws)))
      ws.once('error', reject)
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    })
  }

  request(message: Record<string, unknown>, timeoutMs = 15_000): Promise<Frame> {
    if (this.ws.readyState !== WebSocket.OPEN) return Promise.resolve({ success: false, error: 'socket not open' })
    const requestId = `r${this.seq++}`
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId)
        resolve({ success: false, error: 'no answer in time' })
      }, timeoutMs)
      this.pending.set(requestId, (f) => {
        clearTimeout(timer)
        resolve(f)
      })
      this.ws.send(JSON.stringify({ ...message, requestId, expectResponse: true }))
    })
  }

  async mount(component: string): Promise<string> {
    const r = await this.request({ type: 'COMPONENT_MOUNT', payload: { component } })
    if (r.success !== true) throw new Error(`mount ${component}: ${r.error ?? ''}`)
    return String(r.result?.componentId ?? '')
  }

  call(componentId: string, action: string, payload: unknown = {}): Promise<Frame> {
    return this.request({ type: 'CALL_ACTION', componentId, action, payload })
  }

  close(): void {
    this.ws.terminate()
  }
}

interface Studio {
  readonly base: string
  readonly admin: string
  readonly child?: ChildProcess
  stop(): Promise<void>
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: BYSTANDER })

function api(studio: Studio, method: string, pathname: string, body?: unknown): Promise<{ status: number; json: unknown; ms: number }> {
  const url = new URL(pathname, studio.base)
  const data = body === undefined ? undefined : JSON.stringify(body)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method, agent,
      headers: {
        authorization: `Bearer ${studio.admin}`, origin: studio.base,
        ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
      },
    }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => {
        let json: unknown = text
        try {
          json = JSON.parse(text)
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, json, ms: performance.now() - started })
      })
    })
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    if (data !== undefined) req.write(data)
    req.end()
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
    srv.once('error', reject)
  })
}

async function startStudio(): Promise<Studio> {
  if (process.env.ATTACK_URL) {
    return { base: process.env.ATTACK_URL, admin: process.env.ATTACK_ADMIN_TOKEN ?? '', stop: async () => {} }
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-attack-'))
  const port = await freePort()
  const admin = crypto.randomBytes(24).toString('base64url')
  // ATTACK_STUDIO_FLAGS: extra Node flags for the studio (e.g. --cpu-prof --cpu-prof-dir=<dir> to see what it does under attack).
  const extra = (process.env.ATTACK_STUDIO_FLAGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...studioNodeFlags(), ...extra, '--import', 'tsx', path.join(ROOT, 'lib', 'server', 'start.ts')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STUDIO_DATA_DIR: dataDir, STUDIO_ADMIN_TOKEN: admin },
  })
  let out = ''
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString()
    if (process.env.ATTACK_DEBUG) process.stderr.write(d)
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the studio did not start in 180 s:\n${out}`)), 180_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      if (/Live Auth Studio .*at http/.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => reject(new Error(`the studio exited (${code}):\n${out}`)))
  })
  return {
    base: `http://127.0.0.1:${port}`, admin, child,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

// The probe runs on its own thread: what it measures is the studio's answer time, not this process's own
// event loop, which is busy driving the attackers.
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const http = require('node:http')
const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: workerData.localAddress })
const latencies = []
let failed = 0
let running = true
parentPort.on('message', () => { running = false })
function once() {
  return new Promise((resolve) => {
    const started = performance.now()
    const req = http.get(workerData.url, { agent, headers: { authorization: 'Bearer ' + workerData.admin } }, (res) => {
      res.resume()
      res.on('end', () => {
        if (res.statusCode !== 200) failed++
        latencies.push(res.statusCode === 200 ? performance.now() - started : 10000)
        resolve()
      })
    })
    req.setTimeout(10000, () => req.destroy())
    req.on('error', () => { failed++; latencies.push(10000); resolve() })
  })
}
;(async () => {
  while (running) {
    await once()
    await new Promise((r) => setTimeout(r, 25))
  }
  parentPort.postMessage({ latencies, failed })
  agent.destroy()
})()
`

/** GET /api/health every 25 ms from another address (on its own thread) until stopped; latencies in ms (failures count as 10 s). */
function probeHealth(studio: Studio): { stop(): Promise<{ p50: number; p99: number; max: number; failed: number; n: number }> } {
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { url: `${studio.base}/api/health`, localAddress: BYSTANDER, admin: studio.admin } })
  const done = new Promise<{ latencies: number[]; failed: number }>((resolve) => worker.once('message', resolve))
  return {
    async stop() {
      worker.postMessage('stop')
      const { latencies, failed } = await done
      await worker.terminate()
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), failed, n: latencies.length }
    },
  }
}

interface Status {
  store?: { sizeBytes?: number; databaseBytes?: number; walBytes?: number }
  sandbox?: { replacements?: number; restarts?: number; refusedInstances?: number; budgetRefusals?: number }
}

async function status(studio: Studio): Promise<Status> {
  return (await api(studio, 'GET', '/api/status')).json as Status
}

/** A signed-in LiveChat user (logged in through its own login action) who must stay logged in. */
interface Victim {
  readonly client: Client
  readonly chat: string
  sent: number
}

async function victim(wsUrl: string, token: string): Promise<Victim> {
  const client = await Client.open(wsUrl, BYSTANDER)
  const auth = await client.request({ type: 'AUTH', payload: { token } })
  if (auth.success !== true) throw new Error(`victim AUTH: ${auth.error ?? ''}`)
  const chat = await client.mount('LiveChat')
  const login = await client.call(chat, 'login', { email: 'paula@example.com', password: 'demo' })
  if (login.result?.success !== true) throw new Error('victim login failed')
  const v = { client, chat, sent: 0 }
  await checkVictim(v)
  return v
}

/** Sends one message: logged out, lost state or refused all count against the studio. */
async function checkVictim(v: Victim): Promise<'ok' | 'logged-out' | 'lost-state' | string> {
  const r = await v.client.call(v.chat, 'sendMessage', { text: `still here ${v.sent + 1}` })
  if (r.success !== true) return r.error === 'Not authenticated' ? 'logged-out' : `error: ${r.error ?? ''}`
  v.sent++
  return 'ok'
}

async function victimsReport(victims: Victim[]): Promise<string> {
  const results = await Promise.all(victims.map(checkVictim))
  const out = results.filter((r) => r === 'logged-out').length
  const other = results.filter((r) => r !== 'ok' && r !== 'logged-out')
  return `${victims.length - out - other.length}/${victims.length} victims fine, ${out} logged out${other.length ? `, ${other.length} failed (${other[0]})` : ''}`
}

function tally(answers: Frame[]): string {
  const counts = new Map<string, number>()
  for (const a of answers) {
    const key = a.success === true ? 'ok' : (a.error ?? 'error').replace(/\d+(\.\d+)?/g, 'N').slice(0, 110)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${n} x ${k}`).join('; ')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs `attack` for the scenario's duration with the health probe on; prints the figures. */
/** ATTACK_SCENARIOS=3,5 replays only those scenarios (all by default). */
const ONLY = (process.env.ATTACK_SCENARIOS ?? '').split(',').map((n) => Number(n.trim())).filter((n) => n > 0)

async function scenario(studio: Studio, victims: Victim[], title: string, attack: (until: number) => Promise<string>): Promise<void> {
  if (ONLY.length > 0 && !ONLY.includes(Number(title.split('.')[0]))) return
  ATTACKER = `127.0.0.${10 + Number(title.split('.')[0])}`
  const before = await status(studio)
  const probe = probeHealth(studio)
  const attacker = await attack(performance.now() + SECONDS * 1000)
  const health = await probe.stop()
  await sleep(500)
  const after = await status(studio)
  const growth = (after.store?.sizeBytes ?? 0) - (before.store?.sizeBytes ?? 0)
  const dbGrowth = (after.store?.databaseBytes ?? 0) - (before.store?.databaseBytes ?? 0)
  const sb = (k: keyof NonNullable<Status['sandbox']>) => (after.sandbox?.[k] ?? 0) - (before.sandbox?.[k] ?? 0)
  console.log(`\n${title}`)
  console.log(`  /api/health during the attack: p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(0)} ms (${health.n} probes, ${health.failed} failed)`)
  console.log(`  attacker: ${attacker}`)
  console.log(`  sandbox: ${sb('replacements')} workers replaced by the watchdog, ${sb('restarts')} engine restarts, ${sb('refusedInstances')} instances refused, ${sb('budgetRefusals')} budget refusals`)
  console.log(`  victims: ${await victimsReport(victims)}`)
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`
  console.log(`  store growth: ${mib(growth)} (database file ${mib(dbGrowth)}; the rest is the write-ahead log, reused after each checkpoint)`)
}

async function main(): Promise<void> {
  const studio = await startStudio()
  const wsUrl = `${studio.base.replace('http', 'ws')}/api/live/ws`
  try {
    const exported = await api(studio, 'POST', '/api/keys/demo-hs256/export', { part: 'private', format: 'jwk' })
    const jwk = JSON.parse(String((exported.json as { value?: string }).value ?? '{}')) as object
    const key: StudioKey = { kid: 'demo-hs256', alg: 'HS256', kty: 'oct', createdAt: new Date().toISOString(), privateJwk: jwk }
    const tokenOf = (id: string) => signToken(key, DEMO_PERSONAS.find((p) => p.id === id)?.claims ?? {}, { now: new Date(), expiresIn: '2h' })
    const proToken = await tokenOf('pro-user')

    // The hostile component, saved into the served workspace (a team member's bad commit, say).
    const doc = (await api(studio, 'GET', '/api/workspace/files')).json as { files: Record<string, string>; version: number }
    const saved = await api(studio, 'POST', '/api/workspace/save', { files: { ...doc.files, 'components/hog.ts': HOG }, message: 'bench/attack: Hog', baseVersion: doc.version })
    if (saved.status !== 201) throw new Error(`save failed: ${JSON.stringify(saved.json)}`)
    await sleep(500)
    const victims = await Promise.all(Array.from({ length: 3 }, () => victim(wsUrl, proToken)))
    const base = await probeHealth(studio)
    await sleep(2000)
    const rest = await base.stop()
    console.log(`bench/attack against ${studio.base}: ${SECONDS} s per scenario; /api/health at rest p50 ${rest.p50.toFixed(1)} ms, p99 ${rest.p99.toFixed(1)} ms`)

    await scenario(studio, victims, '1. One client calls a 3 s built-in back to back', async (until) => {
      let c = await Client.open(wsUrl, ATTACKER)
      let hog = await c.mount('Hog')
      const answers: Frame[] = []
      let slow = 0
      let reconnects = 0
      while (performance.now() < until) {
        // Closed for abuse (sustained rate-limit refusals): an attacker comes back.
        if (c.closeCode !== undefined || hog === '') {
          if (c.closeCode !== undefined) {
            reconnects++
            c = await Client.open(wsUrl, ATTACKER)
          }
          hog = await c.mount('Hog').catch((error: Error) => {
            answers.push({ success: false, error: error.message.replace(/^mount Hog: /, '') })
            return ''
          })
          if (hog === '') {
            await sleep(100)
            continue
          }
        }
        const t = performance.now()
        const answer = await c.call(hog, 'spin')
        answers.push(answer)
        if (performance.now() - t > 1000) {
          slow++
          if (process.env.ATTACK_DEBUG) console.error(`call ${answers.length} took ${Math.round(performance.now() - t)} ms: ${JSON.stringify(answer)}`)
        }
      }
      c.close()
      return `${answers.length} calls: ${tally(answers)}${slow ? `; ${slow} took over 1 s` : ''}; reconnected ${reconnects} times after being closed`
    })

    if (process.env.ATTACK_ONLY === '1') return
    await scenario(studio, victims, '2. Thirty clients call a quick action as fast as the rate limit allows', async (until) => {
      const clients = await Promise.all(Array.from({ length: 30 }, () => Client.open(wsUrl, ATTACKER)))
      const ids = await Promise.all(clients.map((c) => c.mount('Hog')))
      const answers: Frame[] = []
      await Promise.all(clients.map(async (c, i) => {
        while (performance.now() < until) {
          const t = performance.now()
          answers.push(await c.call(ids[i]!, 'quick'))
          const wait = 21 - (performance.now() - t)
          if (wait > 0) await sleep(wait)
        }
      }))
      for (const c of clients) c.close()
      return `${answers.length} calls: ${tally(answers)}`
    })

    await scenario(studio, victims, '3. Thirty anonymous clients grow LiveChat state until something gives', async (until) => {
      const clients = await Promise.all(Array.from({ length: 30 }, () => Client.open(wsUrl, ATTACKER)))
      const answers: Frame[] = []
      const big = 'x'.repeat(8 * 1024)
      await Promise.all(clients.map(async (c) => {
        let chat = ''
        while (performance.now() < until) {
          if (!chat) {
            try {
              chat = await c.mount('LiveChat')
              await c.call(chat, 'login', { email: 'fred@example.com', password: 'demo' })
            } catch (error) {
              answers.push({ success: false, error: (error as Error).message })
              await sleep(200)
              continue
            }
          }
          const t = performance.now()
          const r = await c.call(chat, 'sendMessage', { text: big })
          answers.push(r)
          if (r.success !== true) chat = ''
          const wait = 21 - (performance.now() - t)
          if (wait > 0) await sleep(wait)
        }
      }))
      for (const c of clients) c.close()
      return `${answers.length} calls: ${tally(answers)}`
    })

    await scenario(studio, victims, '4. One address opens 3,000 idle live sockets and 1,000 slow HTTP connections', async (until) => {
      let accepted = 0
      const refused = new Map<string, number>()
      const sockets: WebSocket[] = []
      for (let i = 0; i < 3000; i += 100) {
        await Promise.all(Array.from({ length: 100 }, () => new Promise<void>((resolve) => {
          const ws = new WebSocket(wsUrl, { perMessageDeflate: false, localAddress: ATTACKER })
          ws.once('open', () => {
            accepted++
            sockets.push(ws)
            resolve()
          })
          ws.once('unexpected-response', (_req, res) => {
            const key = `HTTP ${res.statusCode}${res.headers['retry-after'] ? ` (Retry-After ${res.headers['retry-after']})` : ''}`
            refused.set(key, (refused.get(key) ?? 0) + 1)
            resolve()
          })
          ws.once('error', () => resolve())
        })))
      }
      const slow: net.Socket[] = []
      let slowRefused = 0
      const url = new URL(studio.base)
      await Promise.all(Array.from({ length: 1000 }, () => new Promise<void>((resolve) => {
        const s = net.connect({ host: url.hostname, port: Number(url.port), localAddress: ATTACKER }, () => {
          s.write(`GET /api/health HTTP/1.1\r\nHost: ${url.host}\r\n`)
          resolve()
        })
        s.on('data', (d: Buffer) => {
          if (d.toString().startsWith('HTTP/1.1 503')) slowRefused++
        })
        s.on('error', () => resolve())
        slow.push(s)
      })))
      const remaining = until - performance.now()
      if (remaining > 0) await sleep(remaining)
      for (const ws of sockets) ws.terminate()
      for (const s of slow) s.destroy()
      return `live sockets: ${accepted} accepted, ${[...refused.entries()].map(([k, n]) => `${n} refused with ${k}`).join(', ') || 'none refused'}; slow HTTP: ${slowRefused} of 1000 answered 503 at once`
    })

    await scenario(studio, victims, '5. Twenty anonymous clients send denied actions as fast as allowed', async (until) => {
      const clients = await Promise.all(Array.from({ length: 20 }, () => Client.open(wsUrl, ATTACKER)))
      const ids = await Promise.all(clients.map((c) => c.mount('LiveChat')))
      let sent = 0
      const answers: Frame[] = []
      await Promise.all(clients.map(async (c, i) => {
        while (performance.now() < until) {
          const t = performance.now()
          answers.push(await c.call(ids[i]!, 'setState', { messages: [] }))
          sent++
          const wait = 21 - (performance.now() - t)
          if (wait > 0) await sleep(wait)
        }
      }))
      for (const c of clients) c.close()
      return `${sent} denied actions: ${tally(answers)}`
    })
    for (const v of victims) v.client.close()
  } finally {
    agent.destroy()
    await studio.stop()
  }
}

const limit = setTimeout(() => {
  console.error('bench/attack exceeded 600 s; aborting')
  process.exit(1)
}, 600_000)
main().then(() => {
  clearTimeout(limit)
  process.exit(0)
}, (error: unknown) => {
  console.error(error)
  process.exit(1)
})
