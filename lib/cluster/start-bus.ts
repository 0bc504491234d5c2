import type { ClusterBus } from './bus'
import { generateInstanceId } from './instance-id'
import type { ClusterConfig } from './cluster-config'
import { LocalBus } from './local-bus'
import { RedisBus } from './redis-bus'

/** The bus the configuration asks for: Redis with STUDIO_REDIS_URL, else this process alone. */
export function startClusterBus(config: ClusterConfig | undefined, options: { version: string; log?: (line: string) => void }): Promise<ClusterBus> {
  const cluster = config ?? { kind: 'local', instanceId: generateInstanceId() }
  if (cluster.kind === 'local') {
    return Promise.resolve(new LocalBus({ instanceId: cluster.instanceId, version: options.version, ...(options.log ? { log: options.log } : {}) }))
  }
  return RedisBus.start({
    url: cluster.redisUrl, prefix: cluster.prefix, instanceId: cluster.instanceId, version: options.version,
    ...(options.log ? { log: options.log } : {}),
  })
}
