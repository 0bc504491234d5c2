/**
 * One incoming frame, handled as FluxStack Live's LiveServer.handleMessage
 * does at fluxstack-live@d8538f75 (LiveServer.ts:350-588): rate limit, binary
 * upload chunks, size, nesting depth, JSON, "expected object", payload
 * sanitizing, PING, validation, then the message itself. Refusals before
 * dispatch are answered at once; accepted messages run one after another in
 * arrival order. Anything a handler throws becomes the library's
 * `{type:'ERROR', componentId, error, requestId}`.
 */
import { sanitizePayload } from '../../json/sanitize-payload'
import { jsonTooDeepError, MAX_JSON_DEPTH, textDeeperThan } from '../../json/text-depth'
import { isRecord, parseClientMessage, type ValidatedMessage } from '../protocol-validate'
import { handleAuth } from './auth-handler'
import { CLOSE_POLICY, type LiveConnection } from './connection'
import { errorMessage } from './error-message'
import type { LiveContext } from './live-context'
import { chargeLoop, loopMark } from './loop-budget'
import { handleAction } from './action-handler'
import { handleMount, handleUnmount } from './mount-handler'
import { handleProperty } from './property-handler'
import { RATE_LIMIT_EXCEEDED } from './rate-limit'
import { handleRehydrate } from './rehydrate-handler'
import { handleRoomMessage } from './room-handler'
import { handleBinaryChunk, handleUploadMessage } from './upload-handler'

/** protocol/constants.ts MAX_MESSAGE_SIZE (characters of the text frame). */
export const MAX_MESSAGE_SIZE = 4 * 1024 * 1024
/** Messages accepted but not yet handled on one connection; more means the client outruns the server. */
export const MAX_QUEUED_MESSAGES = 256

const errorFrame = (error: string) => ({ type: 'ERROR', error })

function route(ctx: LiveContext, conn: LiveConnection, message: ValidatedMessage): Promise<void> | void {
  switch (message.type) {
    case 'AUTH': return handleAuth(ctx, conn, message)
    case 'ROOM_JOIN': case 'ROOM_LEAVE': case 'ROOM_EMIT': case 'ROOM_STATE_SET': case 'ROOM_STATE_GET':
      return handleRoomMessage(ctx, conn, message)
    case 'FILE_UPLOAD_START': case 'FILE_UPLOAD_CHUNK': case 'FILE_UPLOAD_COMPLETE':
      return handleUploadMessage(ctx, conn, message)
    case 'COMPONENT_REHYDRATE': return handleRehydrate(ctx, conn, message)
    case 'COMPONENT_MOUNT': return handleMount(ctx, conn, message)
    case 'COMPONENT_UNMOUNT': return handleUnmount(ctx, conn, message)
    case 'CALL_ACTION': return handleAction(ctx, conn, message)
    case 'PROPERTY_UPDATE': return handleProperty(ctx, conn, message)
  }
}

/** Messages that run workspace code (rules, provider hooks, component bodies) and so need sandbox budget. */
const SANDBOX_WORK = new Set(['AUTH', 'COMPONENT_MOUNT', 'COMPONENT_REHYDRATE', 'CALL_ACTION', 'PROPERTY_UPDATE', 'ROOM_JOIN'])

async function handleOne(ctx: LiveContext, conn: LiveConnection, message: ValidatedMessage): Promise<void> {
  try {
    const loop = ctx.loopBudget.admit(conn)
    if (!loop.ok) throw new Error(loop.error)
    if (SANDBOX_WORK.has(message.type)) {
      const admission = ctx.budget.admit(conn)
      if (!admission.ok) throw new Error(admission.error)
    }
    await route(ctx, conn, message)
  } catch (error) {
    conn.immediate({ type: 'ERROR', componentId: message.componentId, error: errorMessage(error), requestId: message.requestId })
  }
}

function enqueue(conn: LiveConnection, run: () => Promise<void>): void {
  if (conn.queued >= MAX_QUEUED_MESSAGES) {
    conn.immediate(errorFrame('Server busy: too many requests in flight on this connection'))
    return
  }
  conn.queued++
  conn.queueTail = conn.queueTail.then(() => (conn.closed ? undefined : run())).finally(() => {
    conn.queued--
  })
}

/** A text frame: every check of the library before dispatch, in its order. */
function admitText(conn: LiveConnection, text: string): ValidatedMessage | undefined {
  if (text.length > MAX_MESSAGE_SIZE) return void conn.immediate(errorFrame('Message too large'))
  if (textDeeperThan(text, MAX_JSON_DEPTH)) return void conn.immediate(errorFrame(jsonTooDeepError()))
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return void conn.immediate(errorFrame('Invalid JSON'))
  }
  if (!isRecord(parsed)) return void conn.immediate(errorFrame('Invalid message: expected object'))
  if (parsed.payload) parsed.payload = sanitizePayload(parsed.payload)
  if (parsed.type === 'PING') return undefined
  const validation = parseClientMessage(parsed)
  if (validation.ok) return validation.message
  const { componentId, requestId } = validation.envelope
  if (validation.reason === 'unknown-type') {
    conn.immediate({ type: 'MESSAGE_RESPONSE', componentId, success: false, error: 'Unknown message type', requestId })
  } else {
    conn.immediate({ type: 'ERROR', componentId, success: false, error: `Invalid message: ${validation.error}`, requestId })
  }
  return undefined
}

/**
 * Handles one frame of `conn`.
 * @example handleFrame(ctx, conn, '{"type":"PING"}', false)
 */
export function handleFrame(ctx: LiveContext, conn: LiveConnection, data: string | Buffer, isBinary: boolean): void {
  const admission = conn.bucket.take(ctx.clock())
  if (admission === 'close') return conn.close(CLOSE_POLICY, 'Rate limit exceeded')
  if (admission === 'drop') return void conn.immediate(errorFrame(RATE_LIMIT_EXCEEDED))
  if (isBinary && typeof data !== 'string') {
    if (data.byteLength > MAX_MESSAGE_SIZE) return void conn.immediate(errorFrame('Message too large'))
    return enqueue(conn, () => handleBinaryChunk(ctx, conn, data))
  }
  const mark = loopMark(ctx, conn)
  const message = admitText(conn, typeof data === 'string' ? data : data.toString('utf8'))
  chargeLoop(ctx, conn, mark, data.length)
  if (message !== undefined) enqueue(conn, () => handleOne(ctx, conn, message))
}
