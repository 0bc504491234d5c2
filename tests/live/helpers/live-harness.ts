import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import type { StudioConfig } from '@/lib/config'
import { workspaceKeys } from '@/lib/live/server/jwt-provider'
import { startStudioServer, type StudioServer, type StudioServerOptions } from '@/lib/server/studio-server'
import { DEMO_WORKSPACE_ID } from '@/lib/server/seed-demo'
import { SqliteStore } from '@/lib/store/sqlite/sqlite-store'
import { DEMO_PERSONAS } from '@/lib/workspace/personas'
import { signToken } from '@/lib/tokens'

/** Any server frame, loosely typed for assertions. */
export type Frame = Record<string, unknown> & { type: string; requestId?: string; componentId?: string }

export interface Harness {
  readonly server: StudioServer
  readonly wsUrl: string
  readonly dataDir: string
  close(): Promise<void>
}

/** A real studio server (no Next) on port 0 with a fresh data dir; `extra` tunes the decision log's budget. */
export async function startHarness(live?: StudioServerOptions['live'], extra: Pick<StudioServerOptions, 'logBudget' | 'proxy'> = {}): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-live-'))
  const config: StudioConfig = { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [] }
  const server = await startStudioServer({ config, withNext: false, ...(live ? { live } : {}), ...extra })
  await server.workspaceHost.current()
  return {
    server,
    dataDir,
    wsUrl: `ws://127.0.0.1:${server.port}/api/live/ws`,
    async close() {
      await server.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A token for a demo persona, signed with the demo key from the store. */
export async function personaToken(server: StudioServer, personaId: string, extra: { expiresIn?: string | number; claims?: Record<string, unknown> } = {}): Promise<string> {
  const persona = DEMO_PERSONAS.find((p) => p.id === personaId)
  if (!persona?.claims) throw new Error(`No persona with claims: ${personaId}`)
  const key = (await workspaceKeys(server.store, DEMO_WORKSPACE_ID)).find((k) => k.kid === 'demo-hs256')
  if (!key) throw new Error('demo key missing')
  return signToken(key, { ...persona.claims, ...extra.claims }, { now: new Date(), expiresIn: extra.expiresIn ?? '15m' })
}

/** The SQLite store under a harness (these tests read its file and the log's own counters). */
export function sqliteOf(server: StudioServer): SqliteStore {
  if (!(server.store instanceof SqliteStore)) throw new Error('This test reads the SQLite store directly')
  return server.store
}

let nextRequest = 1

/** A real `ws` client that records every frame (raw text too) and matches answers by requestId. */
export class LiveClient {
  readonly raw: string[] = []
  readonly frames: Frame[] = []
  connectionId = ''
  closeCode: number | undefined
  closeReason = ''
  private waiters: Array<{ pred: (f: Frame) => boolean; resolve: (f: Frame) => void }> = []
  readonly closed: Promise<number>

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const text = data.toString()
      this.raw.push(text)
      const parsed = JSON.parse(text) as Frame | Frame[]
      for (const frame of Array.isArray(parsed) ? parsed : [parsed]) {
        this.frames.push(frame)
        for (const w of [...this.waiters]) {
          if (w.pred(frame)) {
            this.waiters.splice(this.waiters.indexOf(w), 1)
            w.resolve(frame)
          }
        }
      }
    })
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => {
      this.closeCode = code
      this.closeReason = reason.toString()
      resolve(code)
    }))
  }

  static async open(url: string, headers: Record<string, string> = {}, localAddress?: string): Promise<LiveClient> {
    const ws = new WebSocket(url, { headers, ...(localAddress !== undefined ? { localAddress } : {}) })
    const client = new LiveClient(ws)
    const hello = await client.waitFor((f) => f.type === 'CONNECTION_ESTABLISHED')
    client.connectionId = String(hello.connectionId)
    return client
  }

  /** Resolves with the first frame (already received or future) matching `pred`. */
  waitFor(pred: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const seen = this.frames.find(pred)
    if (seen) return Promise.resolve(seen)
    return this.next(pred, timeoutMs)
  }

  /** Resolves with the next future frame matching `pred`. */
  next(pred: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs)
      this.waiters.push({ pred, resolve: (f) => { clearTimeout(timer); resolve(f) } })
    })
  }

  sendRaw(text: string | Buffer): void {
    this.ws.send(text)
  }

  /** Sends a message with a fresh requestId and resolves with the answer carrying it. */
  request(message: Record<string, unknown>, timeoutMs = 5000): Promise<Frame> {
    const requestId = `r${nextRequest++}`
    const answer = this.next((f) => f.requestId === requestId, timeoutMs)
    this.ws.send(JSON.stringify({ ...message, requestId, expectResponse: true }))
    return answer
  }

  auth(token?: string): Promise<Frame> {
    return this.request({ type: 'AUTH', payload: token === undefined ? {} : { token } })
  }

  mount(component: string, extra: Record<string, unknown> = {}): Promise<Frame> {
    return this.request({ type: 'COMPONENT_MOUNT', payload: { component, ...extra } })
  }

  action(componentId: string, action: string, payload?: unknown): Promise<Frame> {
    return this.request({ type: 'CALL_ACTION', componentId, action, ...(payload !== undefined ? { payload } : {}) })
  }

  close(): void {
    this.ws.close()
  }
}

/** The componentId of a successful mount answer. */
/**
 * A client of `h`, signed in as a demo persona (anonymous without one), added to `clients` so the
 * test file's afterAll closes it. Throws when the sign-in is refused.
 */
export async function openAs(h: Harness, clients: LiveClient[], persona?: string): Promise<LiveClient> {
  const c = await LiveClient.open(h.wsUrl)
  clients.push(c)
  if (persona !== undefined) {
    const answer = await c.auth(await personaToken(h.server, persona))
    if (answer.success !== true) throw new Error(`AUTH as ${persona} was refused: ${JSON.stringify(answer)}`)
  }
  return c
}

export function mountedId(answer: Frame): string {
  const result = answer.result as { componentId?: string } | undefined
  if (answer.success !== true || !result?.componentId) throw new Error(`mount failed: ${JSON.stringify(answer)}`)
  return result.componentId
}
