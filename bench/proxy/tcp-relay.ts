/**
 * The yardstick for bench/proxy: a bare TCP relay in its own process, one upstream connection per client
 * connection, bytes piped both ways with no WebSocket parsing at all. Whatever it costs is the price of
 * the extra hop alone on this machine; the studio's proxy cannot do better than this.
 * Prints one JSON line `{ "url": ... }` once listening. Env: RELAY_TARGET=ws://host:port/path
 */
import net from 'node:net'

const target = new URL(process.env.RELAY_TARGET ?? '')
const server = net.createServer((client) => {
  client.setNoDelay(true)
  const upstream = net.connect(Number(target.port), target.hostname)
  upstream.setNoDelay(true)
  client.pipe(upstream)
  upstream.pipe(client)
  const end = () => {
    client.destroy()
    upstream.destroy()
  }
  client.on('error', end).on('close', end)
  upstream.on('error', end).on('close', end)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo
  console.log(JSON.stringify({ url: `ws://127.0.0.1:${address.port}${target.pathname}${target.search}` }))
})
process.on('message', (m) => {
  if (m === 'stop') process.exit(0)
})
