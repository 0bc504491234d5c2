/**
 * A small builder for corpus scenarios: connections open on their first
 * step, request ids are numbered per scenario, and components are named by
 * the `$ref` captured from their mount.
 */
import type { Json, Scenario, Step, TokenSpec, WorkspaceName } from '../types'

type Obj = { [key: string]: Json }

export class ScenarioBuilder {
  private readonly steps: Step[] = []
  private readonly open = new Set<string>()
  private next = 1

  constructor(readonly workspace: WorkspaceName) {}

  private push(step: Step): this {
    if (!this.open.has(step.conn) && !('open' in step)) this.push({ conn: step.conn, open: true })
    if ('open' in step) this.open.add(step.conn)
    if ('close' in step) this.open.delete(step.conn)
    this.steps.push(step)
    return this
  }

  private rid(): string {
    return `q${this.next++}`
  }

  connect(conn: string): this {
    return this.push({ conn, open: true })
  }

  close(conn: string): this {
    return this.push({ conn, close: true })
  }

  /** AUTH as a persona (or a token variant, a literal, or nothing: logout). */
  auth(conn: string, who: string | TokenSpec | null): this {
    const spec: TokenSpec = who === null ? { none: true } : typeof who === 'string' ? { persona: who } : who
    return this.push({ conn, auth: spec })
  }

  /** Any message, sent as one JSON text frame (`$name` strings are replaced by captured ids). */
  send(conn: string, message: Json, as?: string): this {
    return this.push({ conn, send: message, ...(as !== undefined ? { as } : {}) })
  }

  raw(conn: string, text: string): this {
    return this.push({ conn, raw: text })
  }

  binary(conn: string, hex: string): this {
    return this.push({ conn, binaryHex: hex })
  }

  mount(conn: string, component: string, opts: { as?: string; props?: Obj; room?: string; extra?: Obj } = {}): this {
    const payload: Obj = { component }
    if (opts.props !== undefined) payload.props = opts.props
    if (opts.room !== undefined) payload.room = opts.room
    return this.send(conn, { type: 'COMPONENT_MOUNT', payload, requestId: this.rid(), expectResponse: true, ...(opts.extra ?? {}) }, opts.as)
  }

  unmount(conn: string, ref: string): this {
    return this.send(conn, { type: 'COMPONENT_UNMOUNT', componentId: `$${ref}`, requestId: this.rid() })
  }

  /** CALL_ACTION; `expectResponse: false` sends none (the library then answers only failures). */
  act(conn: string, ref: string, action: string, payload?: Json, opts: { expectResponse?: boolean } = {}): this {
    const message: Obj = { type: 'CALL_ACTION', componentId: `$${ref}`, action }
    if (payload !== undefined) message.payload = payload
    message.requestId = this.rid()
    if (opts.expectResponse !== false) message.expectResponse = true
    return this.send(conn, message)
  }

  prop(conn: string, ref: string, property: string, value: Json): this {
    return this.send(conn, { type: 'PROPERTY_UPDATE', componentId: `$${ref}`, property, payload: { value }, requestId: this.rid() })
  }

  join(conn: string, ref: string, roomId: string, initialState?: Obj): this {
    return this.send(conn, { type: 'ROOM_JOIN', componentId: `$${ref}`, roomId, ...(initialState ? { payload: { initialState } } : {}), requestId: this.rid() })
  }

  leave(conn: string, ref: string, roomId: string): this {
    return this.send(conn, { type: 'ROOM_LEAVE', componentId: `$${ref}`, roomId, requestId: this.rid() })
  }

  emit(conn: string, ref: string, roomId: string, event: string, data?: Json): this {
    return this.send(conn, { type: 'ROOM_EMIT', componentId: `$${ref}`, roomId, payload: { event, ...(data !== undefined ? { data } : {}) }, requestId: this.rid() })
  }

  setRoomState(conn: string, ref: string, roomId: string, state: Json): this {
    return this.send(conn, { type: 'ROOM_STATE_SET', componentId: `$${ref}`, roomId, payload: { state }, requestId: this.rid() })
  }

  getRoomState(conn: string, ref: string, roomId: string): this {
    return this.send(conn, { type: 'ROOM_STATE_GET', componentId: `$${ref}`, roomId, requestId: this.rid() })
  }

  /**
   * COMPONENT_REHYDRATE of `ref`, as the client sends it after a reconnect: the
   * old id and the newest signed state captured for it (`tamper` keys laid
   * over that state, or `signedState` instead of it). `as` captures the new id.
   */
  rehydrate(conn: string, ref: string, component: string, opts: { as?: string; tamper?: Obj; signedState?: Json; room?: string } = {}): this {
    const signedState = opts.signedState ?? { $with: `$${ref}.signedState`, ...(opts.tamper ?? {}) }
    const payload: Obj = { component, signedState }
    if (opts.room !== undefined) payload.room = opts.room
    const message: Obj = { type: 'COMPONENT_REHYDRATE', componentId: `$${ref}`, payload, requestId: this.rid() }
    // `encrypted: true` makes the library derive its AES key (scrypt) the first time: a slow answer.
    const slow = opts.tamper?.encrypted === true
    return this.push({ conn, send: message, ...(opts.as !== undefined ? { as: opts.as } : {}), ...(slow ? { slow } : {}) })
  }

  /** FILE_UPLOAD_START with the real client's top-level fields (`ref`: the component it belongs to). */
  uploadStart(conn: string, ref: string | undefined, fields: Obj): this {
    return this.send(conn, { type: 'FILE_UPLOAD_START', ...(ref !== undefined ? { componentId: `$${ref}` } : {}), ...fields, requestId: this.rid() })
  }

  /** FILE_UPLOAD_CHUNK as JSON: `data` is base64 (a Buffer is encoded). */
  uploadChunk(conn: string, ref: string | undefined, uploadId: Json, chunkIndex: Json, data: Buffer | Json, extra: Obj = {}): this {
    const encoded = Buffer.isBuffer(data) ? data.toString('base64') : data
    return this.send(conn, { type: 'FILE_UPLOAD_CHUNK', ...(ref !== undefined ? { componentId: `$${ref}` } : {}), uploadId, chunkIndex, data: encoded, ...extra, requestId: this.rid() })
  }

  /** A binary upload frame: `[u32 LE header length][JSON header][bytes]`, as the real client sends chunks. */
  uploadBinary(conn: string, header: Obj, bytes: Buffer): this {
    const head = Buffer.from(JSON.stringify({ ...header, requestId: this.rid() }), 'utf8')
    const length = Buffer.alloc(4)
    length.writeUInt32LE(head.length, 0)
    return this.binary(conn, Buffer.concat([length, head, bytes]).toString('hex'))
  }

  uploadComplete(conn: string, ref: string | undefined, uploadId: Json): this {
    return this.send(conn, { type: 'FILE_UPLOAD_COMPLETE', ...(ref !== undefined ? { componentId: `$${ref}` } : {}), uploadId, requestId: this.rid() })
  }

  build(id: string, title: string): Scenario {
    return { id, title, workspace: this.workspace, steps: [...this.steps] }
  }
}

/** A JSON value from text: the only way to put an own `__proto__` key into the corpus. */
export function json(text: string): { [key: string]: Json } {
  return JSON.parse(text) as { [key: string]: Json }
}

/** One scenario from a builder callback. */
export function scenario(id: string, title: string, workspace: WorkspaceName, build: (s: ScenarioBuilder) => void): Scenario {
  const builder = new ScenarioBuilder(workspace)
  build(builder)
  return builder.build(id, title)
}
