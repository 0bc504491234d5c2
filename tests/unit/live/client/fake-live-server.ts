/**
 * A tiny scriptable live server for client tests: real `ws` on 127.0.0.1,
 * port 0. It parses frames with the real protocol module and answers through
 * a per-test handler.
 */
import { WebSocketServer, type WebSocket } from 'ws'
import {
  answerForFailure,
  connectionEstablished,
  encodeFrame,
  parseClientFrame,
  type ClientMessage,
  type ServerMessage,
} from '@/lib/live/protocol'

export type Handler = (message: ClientMessage, socket: WebSocket) => ServerMessage[] | undefined

export interface FakeLiveServer {
  readonly url: string
  /** Every valid client message received, in order. */
  readonly received: ClientMessage[]
  /** Raw texts received (to check what went over the wire). */
  readonly rawFrames: string[]
  handler: Handler
  /** Send raw data to every connected socket. */
  broadcastRaw(data: string | Buffer): void
  closeAll(code: number, reason: string): void
  stop(): Promise<void>
}

export async function startFakeLiveServer(handler: Handler = () => undefined): Promise<FakeLiveServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error('unexpected address')
  let connections = 0
  const server: FakeLiveServer = {
    url: `ws://127.0.0.1:${address.port}/api/live/ws`,
    received: [],
    rawFrames: [],
    handler,
    broadcastRaw(data) {
      for (const socket of wss.clients) socket.send(data)
    },
    closeAll(code, reason) {
      for (const socket of wss.clients) socket.close(code, reason)
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate()
        wss.close(() => resolve())
      }),
  }
  wss.on('connection', (socket) => {
    socket.send(encodeFrame([connectionEstablished(`ws-${++connections}`)]))
    socket.on('message', (data, isBinary) => {
      if (isBinary) return
      const text = data.toString()
      server.rawFrames.push(text)
      const frame = parseClientFrame(text)
      if (!frame.ok) return
      const answers: ServerMessage[] = []
      for (const result of frame.messages) {
        if (!result.ok) {
          answers.push(answerForFailure(result))
          continue
        }
        server.received.push(result.message)
        answers.push(...(server.handler(result.message, socket) ?? []))
      }
      if (answers.length > 0) socket.send(encodeFrame(answers))
    })
  })
  return server
}
