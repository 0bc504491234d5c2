import { answerForFailure, parseClientFrame, protocolError, type ClientMessage } from '../protocol'
import { handleAction, handleProperty } from './action-handlers'
import { handleAuth } from './auth-handler'
import { CLOSE_POLICY, type LiveConnection } from './connection'
import type { LiveContext } from './live-context'
import { handleMount, handleUnmount } from './mount-handlers'
import { rateLimitError, type RateLimitOptions } from './rate-limit'
import { handleRoomEmit, handleRoomJoin, handleRoomLeave, handleRoomStateGet, handleRoomStateSet } from './room-handlers'

/** Messages accepted but not yet handled on one connection; more means the client outruns the server. */
export const MAX_QUEUED_MESSAGES = 256

function route(ctx: LiveContext, conn: LiveConnection, message: ClientMessage): Promise<void> | void {
  switch (message.type) {
    case 'PING': return
    case 'AUTH': return handleAuth(ctx, conn, message)
    case 'COMPONENT_MOUNT': return handleMount(ctx, conn, message)
    case 'COMPONENT_UNMOUNT': return handleUnmount(ctx, conn, message)
    case 'CALL_ACTION': return handleAction(ctx, conn, message)
    case 'PROPERTY_UPDATE': return handleProperty(ctx, conn, message)
    case 'ROOM_JOIN': return handleRoomJoin(ctx, conn, message)
    case 'ROOM_LEAVE': return handleRoomLeave(ctx, conn, message)
    case 'ROOM_EMIT': return handleRoomEmit(ctx, conn, message)
    case 'ROOM_STATE_SET': return handleRoomStateSet(ctx, conn, message)
    case 'ROOM_STATE_GET': return handleRoomStateGet(ctx, conn, message)
  }
}

/** Runs one message; anything thrown becomes an ERROR answer (never a crash, never internals). */
async function handleOne(ctx: LiveContext, conn: LiveConnection, message: ClientMessage): Promise<void> {
  try {
    await route(ctx, conn, message)
  } catch {
    conn.send(protocolError(`Internal error while handling ${message.type}`, message.requestId))
  }
}

/**
 * Handles one text frame: parse and validate every message, charge each to the
 * rate limit, answer failures at once, and queue the rest to run in order.
 */
export function handleFrame(ctx: LiveContext, conn: LiveConnection, text: string, rate: RateLimitOptions): void {
  const frame = parseClientFrame(text)
  if (!frame.ok) {
    if (conn.bucket.take(ctx.clock()) === 'close') return conn.close(CLOSE_POLICY, 'Rate limit exceeded')
    conn.send(protocolError(frame.error, frame.requestId))
    return
  }
  for (const result of frame.messages) {
    const admission = conn.bucket.take(ctx.clock())
    if (admission === 'close') return conn.close(CLOSE_POLICY, 'Rate limit exceeded')
    if (admission === 'drop') {
      // One ERROR per streak of drops tells the client; more would add to the flood.
      if (conn.bucket.dropped === 1) conn.send(protocolError(rateLimitError(rate), result.ok ? result.message.requestId : result.requestId))
      continue
    }
    if (!result.ok) {
      conn.send(answerForFailure(result))
      continue
    }
    if (result.message.type === 'PING') continue
    if (conn.queued >= MAX_QUEUED_MESSAGES) {
      conn.send(protocolError('Server busy: too many requests in flight on this connection', result.message.requestId))
      continue
    }
    const message = result.message
    conn.queued++
    conn.queue = conn.queue.then(() => (conn.closed ? undefined : handleOne(ctx, conn, message))).finally(() => {
      conn.queued--
    })
  }
}
