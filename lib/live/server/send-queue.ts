/**
 * Outgoing frames of one connection, batched as FluxStack Live batches them
 * (transport/WsSendBatcher.ts at fluxstack-live@d8538f75):
 * - queued messages go out together in one microtask flush for all sockets;
 *   one message is sent as itself, several as one JSON array;
 * - in a flush, STATE_DELTAs of one component are merged into the first one's
 *   place, and objects go before pre-serialized room frames;
 * - an answer is sent "immediately": the queue is flushed first, then the
 *   answer goes alone in its own frame;
 * - past 1000 queued messages the oldest is dropped and the connection is
 *   resynced (a full STATE_UPDATE per component).
 */

export const MAX_QUEUE_SIZE = 1000

/** An object is serialized at flush time; a string is already a JSON message. */
export type Outgoing = object | string

export interface FrameSink {
  readonly open: boolean
  sendText(text: string): void
}

type Json = Record<string, unknown>

const isPlain = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype

interface DeltaMessage {
  readonly type: 'STATE_DELTA'
  readonly componentId: string
  readonly payload: { readonly delta: Json }
  readonly timestamp?: unknown
}

function isDelta(m: object): m is DeltaMessage {
  const x = m as { type?: unknown; componentId?: unknown; payload?: unknown }
  return x.type === 'STATE_DELTA' && typeof x.componentId === 'string' && x.componentId !== '' && isPlain(x.payload) && isPlain((x.payload as Json).delta)
}

function mergeDeltas(a: Json, b: Json): Json {
  const out: Json = { ...a }
  for (const k of Object.keys(b)) out[k] = isPlain(out[k]) && isPlain(b[k]) ? mergeDeltas(out[k] as Json, b[k] as Json) : b[k]
  return out
}

/** WsSendBatcher.deduplicateDeltas: later deltas of a component merge into its first one. */
export function deduplicateDeltas(messages: readonly object[]): object[] {
  const first = new Map<string, number>()
  const out: object[] = []
  for (const m of messages) {
    if (!isDelta(m)) {
      out.push(m)
      continue
    }
    const at = first.get(m.componentId)
    if (at === undefined) {
      first.set(m.componentId, out.length)
      out.push(m)
      continue
    }
    const target = out[at] as DeltaMessage
    out[at] = { ...target, payload: { delta: mergeDeltas(target.payload.delta, m.payload.delta) }, timestamp: m.timestamp }
  }
  return out
}

/** The text of one flush (undefined when nothing can be sent). */
export function batchText(items: readonly Outgoing[]): string {
  if (items.length === 1) {
    const only = items[0] as Outgoing
    return typeof only === 'string' ? only : JSON.stringify(only)
  }
  const objects = items.filter((i): i is object => typeof i !== 'string')
  const strings = items.filter((i): i is string => typeof i === 'string')
  if (objects.length === 0) return `[${strings.join(',')}]`
  if (strings.length === 0) return JSON.stringify(deduplicateDeltas(objects))
  return `[${[...deduplicateDeltas(objects).map((o) => JSON.stringify(o)), ...strings].join(',')}]`
}

const pending = new Set<SendQueue>()
let flushScheduled = false

function flushAll(): void {
  flushScheduled = false
  const queues = [...pending]
  pending.clear()
  for (const q of queues) q.flush()
}

/** Flushes every queue now (a batch boundary that a microtask would otherwise make). */
export function flushAllQueues(): void {
  if (pending.size > 0) flushAll()
}

export class SendQueue {
  private items: Outgoing[] = []

  constructor(private readonly sink: FrameSink, private readonly onOverflow: () => void) {}

  /** Queues a message for the next flush; dropped when the socket is closed. */
  push(item: Outgoing): void {
    if (!this.sink.open) return
    if (this.items.length >= MAX_QUEUE_SIZE) {
      this.items.shift()
      this.onOverflow()
    }
    this.items.push(item)
    pending.add(this)
    if (!flushScheduled) {
      flushScheduled = true
      queueMicrotask(flushAll)
    }
  }

  get size(): number {
    return this.items.length
  }

  /** Sends what is queued as one frame; a message that cannot be serialized drops the batch (as the library does). */
  flush(): void {
    pending.delete(this)
    if (this.items.length === 0) return
    const items = this.items
    this.items = []
    if (!this.sink.open) return
    let text: string
    try {
      text = batchText(items)
    } catch {
      return
    }
    this.sink.sendText(text)
  }

  /** Flushes the queue, then sends `message` alone. */
  immediate(message: Outgoing): void {
    if (!this.sink.open) return
    this.flush()
    this.sink.sendText(typeof message === 'string' ? message : JSON.stringify(message))
  }
}
