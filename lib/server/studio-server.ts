import { EventEmitter } from 'node:events'
import type http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { StudioConfig } from '../config'
import { InspectorHub } from '../live/server/inspector-hub'
import { keptStateSecret, LIVE_PATH, LiveServer, MAX_FRAME_BYTES, type LiveServerOptions } from '../live/server/live-server'
import { LiveProxy, PROXY_PREFIX, proxyName } from '../live/proxy/live-proxy'
import { UpstreamList } from '../live/proxy/upstreams'
import { refuseUpgrade } from '../live/server/upgrade-refusal'
import { redactRedisUrl } from '../cluster/cluster-config'
import { DecisionRelay } from '../cluster/decision-relay'
import { RoomRelay } from '../cluster/room-relay'
import { startClusterBus } from '../cluster/start-bus'
import { WorkspaceSync } from '../cluster/workspace-sync'
import type { LogBudgetOptions } from '../store/decision-budget'
import type { DecisionStore, StudioStore } from '../store/contract'
import { openStore } from '../store/open-store'
import { AdminAccess, CLIENT_KEY_HEADER } from './admin-access'
import { refuseWithoutAdmin } from './admin-gate'
import { createLimitedServer, DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-limits'
import { crossSiteRefusal } from './request-guard'
import { answerJson, guardListener, isBadInput } from './request-listener'
import { checkRequestTarget } from './request-target'
import { wireCluster } from './cluster-wiring'
import { clientKey } from './sign-in-throttle'
import { MonacoStatic } from './monaco-static'
import { monacoPreloads } from './copy-monaco'
import { projectRoot, studioVersion } from './paths'
import { setRuntime } from './registry'
import { seedDemoWorkspace } from './seed-demo'
import { WorkspaceHost } from './workspace-host'
import { activeWorkspaceAtStart } from './workspace-switch'

export interface StudioServerOptions {
  readonly config: StudioConfig
  /** Next in development mode with hot reload (`npm run dev`). */
  readonly dev?: boolean
  /** Serve pages through Next (default). Off in tests that only need the live socket and store. */
  readonly withNext?: boolean
  readonly log?: (line: string) => void
  /** Live socket tuning (rate limit, limits, backpressure); benches raise the rate limit. */
  readonly live?: Pick<LiveServerOptions, 'rateLimit' | 'limits' | 'maxBufferedBytes' | 'heartbeatMs' | 'signatureRenewMs' | 'stateSecret' | 'sandboxBudget' | 'loopBudget' | 'memoryLimits' | 'connectionCaps'>
  /** HTTP limits over the defaults (`maxConnections` defaults to the config's); tests shorten the timeouts. */
  readonly http?: Partial<HttpLimits>
  /** The decision log's per-connection budget (default LOG_BUDGET); `false` logs every decision in full (benches of the writer). */
  readonly logBudget?: Partial<LogBudgetOptions> | false
  /** Recording proxy tuning: how long an upstream may take to accept (default 10 s). */
  readonly proxy?: { readonly connectTimeoutMs?: number }
}

export interface StudioServer {
  readonly url: string
  readonly port: number
  readonly store: StudioStore
  readonly live: LiveServer
  readonly workspaceHost: WorkspaceHost
  readonly decisions: DecisionStore
  /** The recording proxy's upstreams (read on every upgrade, kept in memory; `replace` stores a new list). */
  readonly upstreams: UpstreamList
  readonly inspector: InspectorHub
  readonly proxy: LiveProxy
  close(): Promise<void>
}

/**
 * Starts the one process of the studio: the store, the live socket and Next
 * on a single HTTP server. This is the only place that calls `listen()`.
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const { config } = options
  const log = options.log ?? (() => {})
  const store = await openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl !== undefined ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.secret ? { secret: config.secret } : {}),
    ...(options.logBudget !== undefined ? { logBudget: options.logBudget } : {}),
  })
  // --- cluster (issue 16): the bus to the other instances; a local one without STUDIO_REDIS_URL ---
  const bus = await startClusterBus(config.cluster, { version: studioVersion(), log }).catch(async (error: unknown) => {
    await store.close().catch(() => {})
    throw error
  })
  if (config.cluster?.kind === 'redis') log(`Instance ${bus.instanceId}: sharing one team through Redis at ${redactRedisUrl(config.cluster.redisUrl)} (${bus.status().state})`)
  // Set below; the host and the hub call back into them once they exist.
  const late: { workspace?: WorkspaceSync; decisions?: DecisionRelay } = {}
  let started: Awaited<ReturnType<typeof startServices>>
  try {
    started = await startServices(store, config.adminToken, options.live?.stateSecret, (id, version) => late.workspace?.changed(id, version))
  } catch (error) {
    await bus.close().catch(() => {})
    await store.close().catch(() => {})
    throw error
  }
  const { seeded, workspaceHost, upstreams, adminAccess, stateSecret } = started
  if (seeded) log(`Seeded the demo workspace into ${(await store.info()).location}`)
  const roomRelay = new RoomRelay(bus)

  // --- live server: workspace host, decision log, inspector (issue 5) ---
  const decisions = store.decisions
  const inspector = new InspectorHub((count) => late.decisions?.localListeners(count))
  const relay = (late.decisions = new DecisionRelay(bus, (record) => inspector.publish(record)))
  // One process alone (no Redis) pays nothing for the relay.
  const clustered = bus.kind === 'redis'
  decisions.onWritten(
    (record) => {
      inspector.publish(record)
      if (clustered) relay.publish(record)
    },
    () => inspector.subscriberCount > 0 || (clustered && relay.wanted()),
  )
  const workspaceSync = (late.workspace = new WorkspaceSync(bus, workspaceHost, log, () => activeWorkspaceAtStart(store)))
  // Warm the sandbox so the first mount does not pay for the load.
  workspaceHost.current().catch((error: unknown) => log(`Workspace load failed: ${error instanceof Error ? error.message : String(error)}`))
  const live = new LiveServer({
    allowedOrigins: config.liveOrigins,
    stateSecret,
    ...options.live,
    runtime: { host: workspaceHost, store, sink: decisions },
    ...(bus.kind === 'redis' ? { roomFanout: roomRelay } : {}),
  })
  // The recording proxy (/api/live/proxy/<name>): shares the live socket's caps, runtime and log.
  const proxy = new LiveProxy({
    allowedOrigins: config.liveOrigins,
    upstreams: () => upstreams.current(),
    connections: live.connections,
    ...(live.runtimeContext ? { context: live.runtimeContext } : {}),
    maxPayload: MAX_FRAME_BYTES,
    ...(options.proxy?.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.proxy.connectTimeoutMs } : {}),
    log,
  })
  // Retention sweeps in small chunks off the hot path, from start rather than on the first log query.
  decisions.retention.start()
  // The store's close stops retention and flushes the decision log.
  const closeLiveRuntime = () => {
    workspaceHost.dispose()
  }
  // --- end live server ---
  // Node closes an idle keep-alive connection after 5 s; a client that reuses it at that very moment
  // gets ECONNRESET (seen from browsers and scripts polling the API). Proxies and load balancers keep
  // idle upstream connections for about 60 s, so the server keeps them a little longer than that
  // (DEFAULT_HTTP_LIMITS.keepAliveMs). Header and request timeouts apply only while a request arrives.
  const front = createLimitedServer({ ...DEFAULT_HTTP_LIMITS, ...(config.maxHttpConnections ? { maxConnections: config.maxHttpConnections } : {}), ...options.http })
  const server = front.server
  const cluster = wireCluster({ bus, rooms: roomRelay, decisions: relay, workspace: workspaceSync, live, adminAccess, upstreams, log })
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
    await cluster.close()
    await store.close()
    throw error
  }

  // Anything thrown while answering becomes a 400 or 500 (request-listener.ts), never an uncaught exception.
  server.on(
    'request',
    guardListener(async (req, res) => {
      if (front.isRefused(req.socket)) return // already answered 503
      const target = checkRequestTarget(req.url)
      if (!target.ok) return answerJson(res, 400, 'BAD_REQUEST', target.message)
      // An absolute-form target (`GET http://host/path`) reaches Next as the path it names.
      if (!req.url?.startsWith('/')) req.url = target.originForm
      // The client's address for the sign-in throttle, from the socket; a client-sent value is overwritten.
      const client = clientKey(req.socket.remoteAddress)
      req.headers[CLIENT_KEY_HEADER] = client
      const refused = crossSiteRefusal(req, config.host)
      if (refused) return answerJson(res, refused.status, refused.code, refused.message)
      if (refuseWithoutAdmin(req, res, adminAccess, target, client)) return
      if (monaco?.handle(req, res)) return
      if (!handle) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n')
        return
      }
      await handle(req, res)
    }, log),
  )

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    if (front.isRefused(req.socket)) return // already answered 503
    try {
      const target = checkRequestTarget(req.url)
      if (!target.ok) return refuseUpgrade(socket, 400, target.message)
      const { pathname } = target
      // The Host check (DNS rebinding) applies to sockets too; the live endpoint checks Origin itself.
      const refused = crossSiteRefusal({ method: 'GET', url: req.url, headers: req.headers }, config.host)
      if (refused) return refuseUpgrade(socket, refused.status, refused.message)
      if (pathname === LIVE_PATH) return live.handleUpgrade(req, socket, head)
      if (pathname.startsWith(PROXY_PREFIX)) {
        const name = proxyName(pathname)
        if (name === undefined) return refuseUpgrade(socket, 404, `The recording proxy's endpoint is ${PROXY_PREFIX}<upstream name>.`)
        return proxy.handleUpgrade(req, socket, head, name)
      }
      if (options.dev && pathname.startsWith('/_next/')) {
        nextUpgrades.emit('upgrade', req, socket, head)
        return
      }
      refuseUpgrade(socket, 404, `No WebSocket endpoint at ${pathname}. The live endpoint is ${LIVE_PATH}.`)
    } catch (error) {
      const bad = isBadInput(error)
      if (!bad) log(`Upgrade failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
      refuseUpgrade(socket, bad ? 400 : 500, bad ? 'The request could not be read.' : 'The studio could not complete this request.')
    }
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
    protection: () => live.protection(),
    proxy: () => ({ open: proxy.openCount, upstreams: proxy.figures() }),
    workspaceHost,
    decisions,
    upstreams,
    inspector,
    adminAccess,
    cluster: () => cluster.view(),
  })

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      server.close()
      proxy.close()
      await live.close()
      server.closeAllConnections()
      await closeNext?.().catch(() => {})
      closeLiveRuntime()
      await cluster.close()
      await store.close()
      setRuntime(undefined)
    })())

  return { url: `http://${hostForUrl}:${port}`, port, store, live, workspaceHost, decisions, upstreams, inspector, proxy, close }
}

/** What the server needs from the store before it can build its parts (the constructors do no I/O). */
async function startServices(
  store: StudioStore, adminToken: string | undefined, givenStateSecret: string | undefined,
  onChange: (workspaceId: string, version: number) => void,
) {
  const { seeded } = await seedDemoWorkspace(store)
  const workspaceHost = new WorkspaceHost({ store, workspaceId: await activeWorkspaceAtStart(store), readSettings: (id) => store.workspaces.settings(id), onChange })
  const upstreams = new UpstreamList(store.meta)
  await upstreams.refresh()
  const adminAccess = await AdminAccess.load(store.meta, adminToken, (fn) => store.transaction((tx) => fn(tx.meta)))
  const stateSecret = givenStateSecret ?? (await keptStateSecret(store))
  return { seeded, workspaceHost, upstreams, adminAccess, stateSecret }
}
