/** Shared fixtures for the LiveClient tests: the seed's AdminPanel server and helpers. */
import { afterEach, expect } from 'vitest'
import { WebSocket, type WebSocket as ServerSocket } from 'ws'
import { LiveClient, type LiveClientEvents, type LiveClientOptions } from '@/lib/live/client'
import {
  actionResponse,
  authDenied,
  authResponse,
  messageResponse,
  mountSucceeded,
  stateDelta,
  type ClientMessage,
  type ServerMessage,
} from '@/lib/live/protocol'
import { startFakeLiveServer, type FakeLiveServer } from './fake-live-server'

export const ADMIN_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWJ5dGVz'
export const DENIED = authDenied('Insufficient roles. Required one of: admin')

/** The seed's AdminPanel scenario, in miniature: roles come from the token. */
export function seedHandler() {
  const roles = new Map<ServerSocket, string>()
  let ids = 0
  return (m: ClientMessage, socket: ServerSocket): ServerMessage[] | undefined => {
    switch (m.type) {
      case 'AUTH': {
        const token = m.payload?.token
        const role = token === ADMIN_JWT ? 'admin' : token === 'free-user-token' ? 'user' : undefined
        if (role === undefined) {
          roles.delete(socket)
          return [authResponse({ authenticated: false }, m.requestId)]
        }
        roles.set(socket, role)
        return [authResponse({ authenticated: true, session: { id: role, roles: [role] } }, m.requestId)]
      }
      case 'COMPONENT_MOUNT': {
        if (m.payload.component === 'AdminPanel' && roles.get(socket) !== 'admin') {
          return [messageResponse({ success: false, error: DENIED, requestId: m.requestId })]
        }
        return [mountSucceeded(`c${++ids}`, { users: ['ann', 'bob'], meta: { by: 'x', tmp: 1 } }, m.requestId)]
      }
      case 'CALL_ACTION':
        // A batch: the delta first, then the answer (servers batch per tick).
        return [
          stateDelta(m.componentId, { users: ['bob'], meta: { tmp: null } }),
          actionResponse({ componentId: m.componentId, success: true, result: { deleted: 'ann' }, requestId: m.requestId }),
        ]
      case 'COMPONENT_UNMOUNT':
      case 'PROPERTY_UPDATE':
        return [messageResponse({ componentId: m.componentId, success: true, requestId: m.requestId })]
      default:
        return undefined
    }
  }
}

/** Resolve with the next `event` whose data passes `when`. */
export function next<E extends keyof LiveClientEvents>(
  client: LiveClient,
  event: E,
  when: (data: LiveClientEvents[E]) => boolean = () => true,
): Promise<LiveClientEvents[E]> {
  return new Promise((resolve) => {
    const off = client.on(event, (data) => {
      if (!when(data)) return
      off()
      resolve(data)
    })
  })
}

/** Registers cleanup; `open` starts a seed server and a connected client. */
export function setupLiveHarness() {
  const started: Array<{ server?: FakeLiveServer; client?: LiveClient }> = []
  afterEach(async () => {
    for (const { server, client } of started.splice(0)) {
      client?.close()
      await server?.stop()
    }
  })
  return {
    track(parts: { server?: FakeLiveServer; client?: LiveClient }) {
      started.push(parts)
    },
    async open(options: LiveClientOptions = {}) {
      const server = await startFakeLiveServer(seedHandler())
      const client = new LiveClient({ WebSocket, heartbeatMs: 0, requestTimeoutMs: 2_000, ...options })
      started.push({ server, client })
      const established = next(client, 'established')
      expect(await client.connect(server.url)).toEqual({ ok: true, value: undefined })
      await established
      return { server, client }
    },
  }
}
