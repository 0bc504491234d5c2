/**
 * The upstream live servers the recording proxy may reach: a name (the path
 * segment of /api/live/proxy/<name>), a ws:// or wss:// URL, and the Origin to
 * present. Only these are reachable: a client names one, it never supplies a
 * host. Kept in the store (one list for the studio, whichever workspace is served).
 */
import { z } from 'zod'
import type { MetaStore } from '../../store/contract'

export const UPSTREAMS_META = 'live_upstreams'
/** Where a client connects through to the upstream `<name>`: `${PROXY_PREFIX}<name>`. */
export const PROXY_PREFIX = '/api/live/proxy/'
export const MAX_UPSTREAMS = 20
/** The source filter's name for the studio's own live server (no upstream may take it). */
export const STUDIO_SOURCE = 'studio'

const wsUrl = z.string().trim().max(2048).refine((value) => {
  try {
    const url = new URL(value)
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.username === '' && url.password === '' && url.hash === ''
  } catch {
    return false
  }
}, 'must be a ws:// or wss:// URL without credentials or fragment')

const origin = z.string().trim().max(2048).refine((value) => {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '')
  } catch {
    return false
  }
}, 'must be an origin such as http://localhost:3000 (scheme, host and port only)')

export const upstreamSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, up to 40, starting with a letter or digit')
    .refine((n) => n !== STUDIO_SOURCE, `'${STUDIO_SOURCE}' names the studio's own live server`),
  url: wsUrl,
  origin: origin.optional(),
})
export type Upstream = z.infer<typeof upstreamSchema>

export const upstreamsSchema = z.array(upstreamSchema).max(MAX_UPSTREAMS).superRefine((list, ctx) => {
  const seen = new Set<string>()
  list.forEach((u, i) => {
    if (seen.has(u.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `the name '${u.name}' is used twice` })
    seen.add(u.name)
  })
})

/** Where the list lives: any key/value store (the studio's store meta). */
export type UpstreamStore = Pick<MetaStore, 'get' | 'set'>

/** Parses the stored list; a malformed value reads as none (fail-closed: nothing reachable). */
function parseUpstreams(raw: string | undefined): Upstream[] {
  if (!raw) return []
  try {
    const parsed = upstreamsSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** The configured upstreams as stored. */
export async function readUpstreams(store: UpstreamStore): Promise<Upstream[]> {
  return parseUpstreams(await store.get(UPSTREAMS_META))
}

/** Validates and stores the list; resolves once it is acknowledged. */
export async function writeUpstreams(store: UpstreamStore, list: readonly Upstream[]): Promise<Upstream[]> {
  const parsed = upstreamsSchema.parse(list)
  await store.set(UPSTREAMS_META, JSON.stringify(parsed))
  return parsed
}

/**
 * The list the recording proxy reads on every upgrade, kept in memory: an upgrade is
 * answered synchronously, so it cannot await the store. `replace` stores a new list and
 * then updates the copy; `refresh` re-reads it (another instance may have changed it).
 */
export class UpstreamList {
  private list: readonly Upstream[] = []
  /** Told after `replace` stored a new list (instances sharing one team announce it). */
  onReplace: (() => void) | undefined

  constructor(private readonly store: UpstreamStore) {}

  current(): readonly Upstream[] {
    return this.list
  }

  async refresh(): Promise<readonly Upstream[]> {
    this.list = await readUpstreams(this.store)
    return this.list
  }

  async replace(list: readonly Upstream[]): Promise<readonly Upstream[]> {
    this.list = await writeUpstreams(this.store, list)
    this.onReplace?.()
    return this.list
  }
}
