import { z } from 'zod'
import { generateInstanceId, instanceIdSchema } from './instance-id'

/** How instances find each other: nothing (one process) or one Redis shared by the deployment. */
export type ClusterConfig =
  | { readonly kind: 'local'; readonly instanceId: string }
  | { readonly kind: 'redis'; readonly instanceId: string; readonly redisUrl: string; readonly prefix: string }

const emptyIsUnset = (schema: z.ZodString) => schema.optional().or(z.literal('').transform(() => undefined))

export const clusterEnvSchema = z.object({
  STUDIO_REDIS_URL: emptyIsUnset(
    z.string().regex(/^rediss?:\/\/\S+$/, 'STUDIO_REDIS_URL must be a redis:// or rediss:// URL'),
  ),
  STUDIO_INSTANCE_ID: emptyIsUnset(instanceIdSchema),
  /** Keys and channels of one deployment start with it, so two deployments may share one Redis. */
  STUDIO_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'STUDIO_REDIS_PREFIX is 1-64 letters, digits or . _ : -')
    .default('studio'),
})

/** Reads the cluster's part of the environment; throws the first issue as `{ path, message }`. */
export function clusterConfigFrom(env: Readonly<Record<string, string | undefined>>): ClusterConfig | { issue: string } {
  const parsed = clusterEnvSchema.safeParse(env)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    return { issue: `${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim() }
  }
  const e = parsed.data
  const instanceId = e.STUDIO_INSTANCE_ID ?? generateInstanceId()
  if (!e.STUDIO_REDIS_URL) return { kind: 'local', instanceId }
  return { kind: 'redis', instanceId, redisUrl: e.STUDIO_REDIS_URL, prefix: e.STUDIO_REDIS_PREFIX }
}

/** The URL with its password masked, for logs and the status page. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'redis://(unreadable URL)'
  }
}
