/**
 * A bare `ws` echo server in its own process: parses each frame and answers
 * like a server would (both sides pay for JSON). The clients' own ceiling.
 */
import { WebSocketServer } from 'ws'

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false, maxPayload: 64 * 1024 })
wss.on('connection', (ws) => {
  ws.send(JSON.stringify({ type: 'CONNECTION_ESTABLISHED', connectionId: 'echo' }))
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { type?: string; requestId?: string }
    if (m.type === 'AUTH') ws.send(JSON.stringify({ type: 'AUTH_RESPONSE', success: true, requestId: m.requestId }))
    else if (m.type === 'COMPONENT_MOUNT') ws.send(JSON.stringify({ type: 'MESSAGE_RESPONSE', success: true, result: { componentId: 'echo-1' }, requestId: m.requestId }))
    else ws.send(JSON.stringify({ type: 'ACTION_RESPONSE', success: true, result: { success: true }, requestId: m.requestId }))
  })
})
wss.on('listening', () => {
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/api/live/ws` })}\n`)
})
process.on('message', (m) => {
  if (m === 'stats') process.send?.({ cpu: process.cpuUsage() })
  else if (m === 'stop') wss.close(() => process.exit(0))
})
