/** The live server's address: the built-in one, or a user's ws/wss URL. */

export const LIVE_PATH = '/api/live/ws'

/** ws(s)://<this page's host>/api/live/ws. */
export function builtInLiveUrl(location: { readonly protocol: string; readonly host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${LIVE_PATH}`
}

// A token must travel only inside AUTH (live-protocol.md); refuse URLs that carry one.
const TOKEN_PARAM = /^(token|access_?token|jwt|auth|authorization|id_?token)$/i

export type UrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly error: string }

/** Checks a user-typed URL before connecting to it. */
export function checkLiveUrl(text: string): UrlCheck {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, error: 'Enter a ws:// or wss:// URL.' }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { ok: false, error: 'That is not a valid URL.' }
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { ok: false, error: 'Use a ws:// or wss:// URL.' }
  for (const key of url.searchParams.keys()) {
    if (TOKEN_PARAM.test(key)) return { ok: false, error: `Remove “${key}” from the URL: tokens are sent only inside the AUTH message.` }
  }
  return { ok: true, url: url.toString() }
}

/** True when `url` is this studio's own live endpoint (its decisions arrive on the inspector stream). */
export function isBuiltInUrl(url: string, location: { readonly protocol: string; readonly host: string }): boolean {
  try {
    return new URL(url).toString() === new URL(builtInLiveUrl(location)).toString()
  } catch {
    return false
  }
}

/** What "Open in live tester" (on /traces) asks the first connection to start with. */
export interface LivePrefill {
  readonly persona?: string
  readonly component?: string
  readonly action?: string
  /** JSON text, as given. */
  readonly payload?: string
}

const NAME = /^[\w$.:-]{1,200}$/

/**
 * Reads `?persona&component&action&payload` from a /live URL's query. Values
 * that are not plain names are ignored; undefined when nothing usable is there.
 * @example parsePrefill('?component=AdminPanel&persona=free-user') // { component: 'AdminPanel', persona: 'free-user' }
 */
export function parsePrefill(search: string): LivePrefill | undefined {
  const params = new URLSearchParams(search)
  const pick = (key: string) => {
    const v = params.get(key)
    return v !== null && NAME.test(v) ? v : undefined
  }
  const payload = params.get('payload')
  const prefill: LivePrefill = {
    ...(pick('persona') !== undefined && { persona: pick('persona') }),
    ...(pick('component') !== undefined && { component: pick('component') }),
    ...(pick('action') !== undefined && { action: pick('action') }),
    ...(payload !== null && payload.length <= 4096 && { payload }),
  }
  return Object.keys(prefill).length > 0 ? prefill : undefined
}
