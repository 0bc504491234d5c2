import { EventEmitter } from 'node:events'
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { StudioConfig } from '../config'
import { InspectorHub } from '../live/server/inspector-hub'
import { LIVE_PATH, LiveServer, type LiveServerOptions } from '../live/server/live-server'
import { refuseUpgrade } from '../live/server/upgrade-refusal'
import { DecisionLog } from '../store/decisions'
import { decisionRetentionFor } from '../store/decision-retention'
import { Store } from '../store/store'
import { refuseWithoutAdmin } from './admin-gate'
import { crossSiteRefusal } from './request-guard'
import { MonacoStatic } from './monaco-static'
import { monacoPreloads } from './copy-monaco'
import { projectRoot, studioVersion } from './paths'
import { setRuntime } from './registry'
import { seedDemoWorkspace } from './seed-demo'
import { WorkspaceHost } from './workspace-host'
import { activeWorkspaceAtStart } from './workspace-switch'

/** How long an idle HTTP keep-alive connection stays open (above the usual 60 s of proxies). */
const KEEP_ALIVE_MS = 65_000

export interface StudioServerOptions {
  readonly config: StudioConfig
  /** Next in development mode with hot reload (`npm run dev`). */
  readonly dev?: boolean
  /** Serve pages through Next (default). Off in tests that only need the live socket and store. */
  readonly withNext?: boolean
  readonly log?: (line: string) => void
  /** Live socket tuning (rate limit, limits, backpressure); benches raise the rate limit. */
  readonly live?: Pick<LiveServerOptions, 'rateLimit' | 'limits' | 'maxBufferedBytes' | 'heartbeatMs' | 'signatureRenewMs' | 'stateSecret'>
}

export interface StudioServer {
  readonly url: string
  readonly port: number
  readonly store: Store
  readonly live: LiveServer
  readonly workspaceHost: WorkspaceHost
  readonly decisions: DecisionLog
  readonly inspector: InspectorHub
  close(): Promise<void>
}

/**
 * Starts the one process of the studio: the store, the live socket and Next
 * on a single HTTP server. This is the only place that calls `listen()`.
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const { config } = options
  const log = options.log ?? (() => {})
  const store = new Store({ dataDir: config.dataDir })
  const { seeded } = seedDemoWorkspace(store)
  if (seeded) log(`Seeded the demo workspace into ${store.file}`)

  // --- live server: workspace host, decision log, inspector (issue 5) ---
  const decisions = new DecisionLog(store.file)
  const inspector = new InspectorHub()
  decisions.onWritten((record) => inspector.publish(record), () => inspector.subscriberCount > 0)
  const workspaceHost = new WorkspaceHost({ store, workspaceId: activeWorkspaceAtStart(store), readSettings: (id) => store.workspaces.settings(id) })
  // Warm the sandbox so the first mount does not pay for the load.
  workspaceHost.current().catch((error: unknown) => log(`Workspace load failed: ${error instanceof Error ? error.message : String(error)}`))
  const live = new LiveServer({
    allowedOrigins: config.liveOrigins,
    ...options.live,
    runtime: { host: workspaceHost, store, sink: decisions },
  })
  // Retention sweeps in small chunks off the hot path, from start rather than on the first log query.
  const retention = decisionRetentionFor(store.file)
  const closeLiveRuntime = () => {
    retention.close()
    workspaceHost.dispose()
    decisions.close()
  }
  // --- end live server ---
  const server = http.createServer()
  // Node closes an idle keep-alive connection after 5 s; a client that reuses it at that very moment
  // gets ECONNRESET (seen from browsers and scripts polling the API). Proxies and load balancers keep
  // idle upstream connections for about 60 s, so the server keeps them a little longer than that.
  server.keepAliveTimeout = KEEP_ALIVE_MS
  server.headersTimeout = KEEP_ALIVE_MS + 1000
  // Next attaches its own upgrade listener to whatever server it is given on the
  // first request. Giving it a private emitter keeps one listener on the real
  // server, so exactly one party answers each upgrade.
  const nextUpgrades = new EventEmitter()
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined
  let closeNext: (() => Promise<void>) | undefined
  let monaco: MonacoStatic | undefined

  try {
    if (options.withNext !== false) {
      // Loaded lazily: tests that run without pages never pay for Next.
      const { default: next } = await import('next')
      const app = next({
        dev: options.dev ?? false,
        dir: projectRoot(),
        hostname: config.host,
        port: config.port,
        httpServer: nextUpgrades as unknown as http.Server,
        quiet: !options.dev,
      })
      await app.prepare()
      handle = app.getRequestHandler()
      monaco = new MonacoStatic(path.join(projectRoot(), 'public'))
      // Compress the files /rules needs first while the server starts (off the event loop).
      monaco.warm([...monacoPreloads(projectRoot(), 'vs'), 'vs/editor/editor.main.css'])
      closeNext = () => app.close()
    }
  } catch (error) {
    closeLiveRuntime()
    store.close()
    throw error
  }

  server.on('request', (req, res) => {
    const refused = crossSiteRefusal(req, config.host)
    if (refused) {
      res.writeHead(refused.status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify({ error: refused.code, message: refused.message }))
      return
    }
    if (refuseWithoutAdmin(req, res, config.adminToken)) return
    if (monaco?.handle(req, res)) return
    if (!handle) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n')
      return
    }
    handle(req, res).catch((error: unknown) => {
      log(`Request failed: ${error instanceof Error ? error.message : String(error)}`)
      if (!res.headersSent) res.writeHead(500).end('Internal error\n')
    })
  })

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const pathname = new URL(req.url ?? '/', 'http://studio.local').pathname
    // The Host check (DNS rebinding) applies to sockets too; the live endpoint checks Origin itself.
    const refused = crossSiteRefusal({ method: 'GET', url: req.url, headers: req.headers }, config.host)
    if (refused) return refuseUpgrade(socket, refused.status, refused.message)
    if (pathname === LIVE_PATH) return live.handleUpgrade(req, socket, head)
    if (options.dev && pathname.startsWith('/_next/')) {
      nextUpgrades.emit('upgrade', req, socket, head)
      return
    }
    refuseUpgrade(socket, 404, `No WebSocket endpoint at ${pathname}. The live endpoint is ${LIVE_PATH}.`)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host

  setRuntime({
    version: studioVersion(),
    startedAt: Date.now(),
    config,
    store,
    // Follows the host, which POST /api/workspaces/active switches.
    get activeWorkspaceId() {
      return workspaceHost.workspaceId
    },
    liveConnectionCount: () => live.connectionCount,
    liveCounts: () => live.liveCounts(),
    workspaceHost,
    decisions,
    inspector,
  })

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      server.close()
      await live.close()
      server.closeAllConnections()
      await closeNext?.().catch(() => {})
      closeLiveRuntime()
      store.close()
      setRuntime(undefined)
    })())

  return { url: `http://${hostForUrl}:${port}`, port, store, live, workspaceHost, decisions, inspector, close }
}
