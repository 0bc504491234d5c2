/**
 * One studio instance for bench/cluster, in its own process: no Next (the live
 * path does not need it), the data dir and cluster settings from the
 * environment (STUDIO_DATA_DIR, STUDIO_REDIS_URL, STUDIO_INSTANCE_ID,
 * STUDIO_REDIS_PREFIX). Prints one JSON line `{ url }`, stops on 'stop'.
 */
import { clusterConfigFrom } from '../../lib/cluster/cluster-config'
import { startStudioServer } from '../../lib/server/studio-server'

async function main(): Promise<void> {
  const cluster = clusterConfigFrom(process.env)
  if ('issue' in cluster) throw new Error(cluster.issue)
  const dataDir = process.env.STUDIO_DATA_DIR
  if (!dataDir) throw new Error('STUDIO_DATA_DIR is required')
  const server = await startStudioServer({
    config: { port: 0, host: '127.0.0.1', dataDir, adminToken: undefined, liveOrigins: [], cluster },
    withNext: false,
    // The bench sends one emit after another as fast as they arrive: the per-connection rate limit would drop them.
    live: { rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } },
  })
  await server.workspaceHost.current()
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${server.port}/api/live/ws` })}\n`)
  process.on('message', (m: unknown) => {
    if (m === 'stop') void server.close().then(() => process.exit(0))
  })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
