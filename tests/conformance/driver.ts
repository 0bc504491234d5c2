/**
 * Plays one scenario against a live server over real WebSockets and returns
 * what every connection received after each step, normalized. Recording waits
 * for the server to fall quiet; replaying waits for as many frames as the
 * golden has, then a short grace for any extra frame.
 */
import WebSocket from 'ws'
import { IdMap, learnFrame, normalizeFrame } from './normalize'
import { tokenFor, type TokenKey } from './tokens'
import type { GoldenScenario, Json, Scenario, Step, StepFrames } from './types'

export interface DriveOptions {
  readonly url: string
  readonly key: TokenKey
  /** When given, wait for these counts instead of for quiet. */
  readonly expected?: GoldenScenario
  /** Silence that ends a step when recording (ms). */
  readonly quietMs?: number
  /** Extra wait after the expected frames arrived, to catch frames too many (ms). */
  readonly graceMs?: number
  /** Longest wait for one step (ms). */
  readonly maxStepMs?: number
  /** Headers of the WebSocket upgrade (Origin...). */
  readonly headers?: Record<string, string>
  /**
   * Frame types left out of the transcript. STATE_SIGNATURE renewals are timer-driven
   * (about 1 s after a state change) and the reference runtime does not send them.
   */
  readonly ignoreTypes?: readonly string[]
}

export interface Transcript {
  readonly id: string
  readonly steps: StepFrames[]
  /** Raw (not normalized) frames per step, for failure messages. */
  readonly raw: Record<string, string[]>[]
}

function typeOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { type?: unknown }).type
  } catch {
    return undefined
  }
}

class Peer {
  readonly inbox: string[] = []
  readonly opened: Promise<void>
  readonly closed: Promise<void>
  constructor(readonly ws: WebSocket, ignore: ReadonlySet<unknown>) {
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      const text = isBinary ? `binary:${buf.toString('hex')}` : buf.toString('utf8')
      if (ignore.size > 0 && !isBinary && ignore.has(typeOf(text))) return
      this.inbox.push(text)
    })
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    this.closed = new Promise((resolve) => ws.once('close', (code: number, reason: Buffer) => {
      this.inbox.push(`close:${code}:${reason.toString()}`)
      resolve()
    }))
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Silence that ends a `slow` step when recording (ms). */
const SLOW_QUIET_MS = 1000

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * `"$name"` becomes the captured value; an object with a `$with: "$name"` key
 * becomes the captured object with the object's other keys laid over it (a
 * signed state with one field changed, for tampering steps).
 */
function substitute(value: Json, refs: ReadonlyMap<string, Json>): Json {
  if (typeof value === 'string') return value.startsWith('$') && refs.has(value.slice(1)) ? (refs.get(value.slice(1)) as Json) : value
  if (Array.isArray(value)) return value.map((v) => substitute(v, refs))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {}
    const base = typeof value.$with === 'string' ? refs.get(value.$with.slice(1)) : undefined
    if (isObject(base)) Object.assign(out, base)
    if ('$with' in value) {
      const { $with: _, ...rest } = value
      value = rest
    }
    // defineProperty: a `__proto__` key in the corpus is data and must stay an own key.
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: substitute(v, refs), enumerable: true, writable: true, configurable: true })
    return out
  }
  return value
}

function parseAll(text: string): Record<string, unknown>[] {
  try {
    const parsed: unknown = JSON.parse(text)
    return (Array.isArray(parsed) ? parsed : [parsed]).filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
  } catch {
    return []
  }
}

/** Captures `as` names (mounts and re-hydrations) and the newest signed state of each component (for COMPONENT_REHYDRATE). */
function capture(step: Step, frames: readonly string[], refs: Map<string, Json>, signed: Map<string, Json>): void {
  for (const frame of frames.flatMap(parseAll)) {
    const payload = frame.payload as Record<string, unknown> | undefined
    if (frame.type === 'STATE_UPDATE' && typeof frame.componentId === 'string' && payload?.signedState !== undefined) {
      signed.set(frame.componentId, payload.signedState as Json)
    }
    if (frame.type === 'STATE_REHYDRATED' && typeof frame.componentId === 'string' && payload?.signedState !== undefined) {
      signed.set(frame.componentId, payload.signedState as Json)
    }
    const result = frame.result as Record<string, unknown> | undefined
    if (frame.type === 'MESSAGE_RESPONSE' && frame.success === true && typeof result?.componentId === 'string') {
      if (result.signedState !== undefined) signed.set(result.componentId, result.signedState as Json)
      if ('as' in step && step.as !== undefined) refs.set(step.as, result.componentId)
    }
    // A re-hydration's new component id is captured like a mount's.
    if (frame.type === 'COMPONENT_REHYDRATED' && frame.success === true && typeof result?.newComponentId === 'string') {
      if ('as' in step && step.as !== undefined) refs.set(step.as, result.newComponentId)
    }
  }
  for (const [name, id] of refs) {
    const s = typeof id === 'string' ? signed.get(id) : undefined
    if (s !== undefined) refs.set(`${name}.signedState`, s)
  }
}

async function perform(step: Step, peer: Peer | undefined, index: number, opts: DriveOptions, refs: Map<string, Json>): Promise<void> {
  if (!peer) throw new Error(`step ${index}: connection '${step.conn}' is not open`)
  if ('close' in step) {
    peer.ws.close()
    return
  }
  if ('raw' in step) return void peer.ws.send(step.raw)
  if ('binaryHex' in step) return void peer.ws.send(Buffer.from(step.binaryHex, 'hex'), { binary: true })
  if ('auth' in step) {
    const token = await tokenFor(step.auth, opts.key)
    const message = { type: 'AUTH', payload: token === undefined ? {} : { token }, requestId: `r${index}`, expectResponse: true }
    return void peer.ws.send(JSON.stringify(message))
  }
  if ('send' in step) {
    const message = substitute(step.send, refs)
    return void peer.ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  }
}

async function settle(peers: ReadonlyMap<string, Peer>, before: ReadonlyMap<string, number>, opts: DriveOptions, expected: StepFrames | undefined, slow: boolean): Promise<void> {
  const started = Date.now()
  const max = opts.maxStepMs ?? 3000
  const received = () => [...peers].reduce((n, [, p]) => n + p.inbox.length, 0)
  if (expected) {
    const done = () => [...peers].every(([name, p]) => p.inbox.length - (before.get(name) ?? 0) >= (expected[name]?.length ?? 0))
    while (!done() && Date.now() - started < max) await sleep(2)
    await sleep(opts.graceMs ?? 20)
    return
  }
  const quiet = slow ? SLOW_QUIET_MS : opts.quietMs ?? 60
  let last = received()
  let lastChange = Date.now()
  while (Date.now() - started < max) {
    await sleep(5)
    const now = received()
    if (now !== last) {
      last = now
      lastChange = Date.now()
    } else if (Date.now() - lastChange >= quiet) return
  }
}

/**
 * Plays `scenario` against `opts.url`.
 * @example const t = await drive(scenario, { url: 'ws://127.0.0.1:3301/api/live/ws', key })
 */
export async function drive(scenario: Scenario, opts: DriveOptions): Promise<Transcript> {
  const peers = new Map<string, Peer>()
  const ids = new IdMap()
  const refs = new Map<string, Json>()
  const signed = new Map<string, Json>()
  const steps: StepFrames[] = []
  const raw: Record<string, string[]>[] = []
  const ignore = new Set<unknown>(opts.ignoreTypes ?? [])
  try {
    for (const [index, step] of scenario.steps.entries()) {
      if ('open' in step) {
        const peer = new Peer(new WebSocket(opts.url, { headers: opts.headers ?? {} }), ignore)
        peers.set(step.conn, peer)
        await peer.opened
      }
      // A connection opened by this step counts its greeting as this step's frame.
      const before = new Map([...peers].map(([name, p]) => [name, 'open' in step && name === step.conn ? 0 : p.inbox.length]))
      await perform(step, peers.get(step.conn), index, opts, refs)
      await settle(peers, before, opts, opts.expected?.steps[index], step.slow === true)
      const frames: Record<string, string[]> = {}
      const rawFrames: Record<string, string[]> = {}
      for (const [name, p] of peers) for (const text of p.inbox.slice(before.get(name) ?? 0)) learnFrame(text, ids)
      for (const [name, p] of peers) {
        const got = p.inbox.slice(before.get(name) ?? 0)
        if (got.length === 0) continue
        rawFrames[name] = got
        frames[name] = got.map((text) => normalizeFrame(text, ids))
      }
      if ('send' in step || 'auth' in step) capture(step, rawFrames[step.conn] ?? [], refs, signed)
      steps.push(frames)
      raw.push(rawFrames)
    }
  } finally {
    for (const p of peers.values()) p.ws.terminate()
  }
  return { id: scenario.id, steps, raw }
}
