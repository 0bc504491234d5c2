/**
 * Every mounted component of the server (the library's ComponentRegistry at
 * fluxstack-live@d8538f75): lookup by id across connections, the rooms used by
 * `broadcast()`, signed state (version per component, renewal), and turning
 * what a component did in the sandbox into frames, batch by batch, the way the
 * library's send batcher would have sent them.
 */
import type { JsonValue } from '../../auth'
import type { ComponentEvent } from '../../sandbox'
import type { LiveConnection, MountedComponent } from './connection'
import { flushAllQueues } from './send-queue'
import { SignatureRenewer, DEFAULT_RENEW_INTERVAL_MS } from './signature-renewer'
import type { SignedState, StateSigner } from './state-signature'

type Json = Record<string, unknown>

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `{ type, componentId, payload, userId, room }`: what LiveComponent.emit sends (undefined keys left out). */
export function emitFrame(mounted: MountedComponent, type: string, payload: unknown, hasPayload = true): Json {
  const frame: Json = { type, componentId: mounted.id }
  if (hasPayload && payload !== undefined) frame.payload = payload
  if (mounted.userId !== undefined) frame.userId = mounted.userId
  if (mounted.room !== undefined) frame.room = mounted.room
  return frame
}

/**
 * `JSON.stringify({ ...state, __componentName })` from the state's JSON text,
 * without parsing it: the name goes in as the last key (an object state), or
 * alone (anything else), exactly as the object spread would put it.
 */
export function signedJson(stateJson: string, componentName: string): string {
  const name = `"__componentName":${JSON.stringify(componentName)}`
  const text = stateJson.trim()
  if (!text.startsWith('{')) return `{${name}}`
  // A state that has the key already: the spread keeps its position; let JSON do it.
  if (text.includes('"__componentName"')) return JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), __componentName: componentName })
  return text === '{}' ? `{${name}}` : `${text.slice(0, -1)},${name}}`
}

export class ComponentRegistry {
  private readonly byId = new Map<string, MountedComponent>()
  /** `payload.room` subscriptions, used by broadcast() (the library's registry rooms). */
  private readonly subscribers = new Map<string, Set<string>>()
  private readonly versions = new Map<string, number>()
  readonly renewer: SignatureRenewer

  /** Set when instances share one team (STUDIO_REDIS_URL): component broadcasts go to the other instances too. */
  fanout: { publish(room: string, frame: string, excludeUser?: string): void } | undefined

  constructor(private readonly signer: StateSigner, renewIntervalMs = DEFAULT_RENEW_INTERVAL_MS) {
    this.renewer = new SignatureRenewer((id) => this.renew(id), renewIntervalMs)
  }

  get size(): number {
    return this.byId.size
  }

  get(componentId: string): MountedComponent | undefined {
    return this.byId.get(componentId)
  }

  add(mounted: MountedComponent): void {
    this.byId.set(mounted.id, mounted)
    if (mounted.room !== undefined) {
      let set = this.subscribers.get(mounted.room)
      if (!set) this.subscribers.set(mounted.room, (set = new Set()))
      set.add(mounted.id)
    }
  }

  remove(componentId: string): void {
    this.byId.delete(componentId)
    this.versions.delete(componentId)
    this.renewer.forget(componentId)
    for (const [room, set] of this.subscribers) {
      set.delete(componentId)
      if (set.size === 0) this.subscribers.delete(room)
    }
  }

  /** Signs `state` + `__componentName` (last key) for `componentId`; the version goes up by one unless given. */
  sign(componentId: string, componentName: string, state: JsonValue, version?: number): SignedState {
    const v = version ?? (this.versions.get(componentId) ?? 0) + 1
    const data = { ...(isRecord(state) ? state : {}), __componentName: componentName }
    this.versions.set(componentId, v)
    this.renewer.markSigned(componentId)
    return this.signer.sign(componentId, data, v)
  }

  /**
   * The renewer fired: re-sign the current state and tell the client
   * (STATE_SIGNATURE). Built from the state's JSON text and compressed off the
   * event loop, so renewing many large states never stalls the server.
   */
  private renew(componentId: string): void {
    const mounted = this.byId.get(componentId)
    if (!mounted || !this.versions.has(componentId)) return
    const v = (this.versions.get(componentId) ?? 0) + 1
    this.versions.set(componentId, v)
    this.renewer.markSigned(componentId)
    const json = signedJson(mounted.instance.stateJson(), mounted.requestedName)
    this.signer.signTextAsync(componentId, json, v).then((signedState) => {
      // Unmounted meanwhile, or signed again since: this one is stale.
      if (this.byId.get(componentId) !== mounted || this.versions.get(componentId) !== v) return
      mounted.owner.queue(emitFrame(mounted, 'STATE_SIGNATURE', { signedState }))
    }, () => undefined)
  }

  /** BROADCAST to every component subscribed to `room` (the sender too), one pre-serialized frame; with a fan-out, on every instance. */
  broadcast(sender: MountedComponent, type: string, payload: unknown, room: string, excludeUser?: string): void {
    if (sender.rehydrated === true || (!this.fanout && !this.subscribers.has(room))) return
    const frame: Json = { type: 'BROADCAST', componentId: sender.id, payload: payload === undefined ? { type } : { type, data: payload }, room }
    const text = JSON.stringify(frame)
    this.fanout?.publish(room, text, excludeUser)
    this.deliverBroadcast(room, text, excludeUser)
  }

  /** A BROADCAST frame from another instance (or this one) to the components here subscribed to `room`. */
  deliverBroadcast(room: string, text: string, excludeUser?: string): void {
    const ids = this.subscribers.get(room)
    if (!ids) return
    for (const id of [...ids]) {
      const member = this.byId.get(id)
      if (!member) continue
      if (excludeUser !== undefined && member.userId === excludeUser) continue
      member.owner.queue(text)
    }
  }

  /**
   * Queues what a component did, in order; a new microtask batch flushes
   * first, so frames split exactly where the library's flushes fall.
   * `marker` builds the frame of a mount or re-hydration placeholder.
   */
  deliver(mounted: MountedComponent, events: readonly ComponentEvent[], marker?: (event: ComponentEvent) => Json): void {
    let batch: number | undefined
    let changed = false
    for (const event of events) {
      if (batch !== undefined && event.batch !== batch) flushAllQueues()
      batch = event.batch
      if (event.drop === true) continue
      if (event.kind === 'emit') {
        mounted.owner.queue(emitFrame(mounted, event.type ?? '', event.payload, 'payload' in event))
        if (event.type === 'STATE_DELTA') changed = true
      } else if (event.kind === 'broadcast') {
        if (event.room !== undefined) this.broadcast(mounted, event.type ?? '', event.payload, event.room, event.excludeUser)
      } else if (marker) mounted.owner.queue(marker(event))
    }
    if (changed) this.renewer.notifyDelta(mounted.id)
  }

  /** After the send queue overflowed: a full, signed STATE_UPDATE of every component of the connection. */
  resync(conn: LiveConnection): void {
    queueMicrotask(() => {
      for (const mounted of conn.components.values()) {
        if (!this.byId.has(mounted.id) || !conn.open) continue
        const state = mounted.instance.state
        conn.immediate({ type: 'STATE_UPDATE', componentId: mounted.id, payload: { state, signedState: this.sign(mounted.id, mounted.requestedName, state) } })
      }
    })
  }

  stop(): void {
    this.renewer.stop()
  }
}
