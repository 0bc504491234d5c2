/**
 * The request target (RFC 9112 section 3.2) checked once, before anything
 * parses it: Node hands over whatever follows the method, and `new URL()` or
 * `decodeURIComponent` throw on some of it (`http://[`, `//[`,
 * `http://x:99999/`, `/%E0%A4%A`). A bad target is the client's mistake: a 400
 * with a sentence, never an exception in the request listener. Pure.
 */

export type TargetCheck =
  | {
      readonly ok: true
      readonly pathname: string
      readonly search: string
      /** Path and query: what `req.url` becomes (an absolute-form target loses its scheme and authority). */
      readonly originForm: string
    }
  | { readonly ok: false; readonly message: string }

/** The base every server-side parser of this studio resolves request targets against. */
export const TARGET_BASE = 'http://studio.local'

const MAX_ECHO = 60

/** A bit of client input for a message: quoted, cut short. */
function echo(text: string): string {
  return JSON.stringify(text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}...` : text)
}

function parse(url: string, base?: string): URL | undefined {
  try {
    return new URL(url, base)
  } catch {
    return undefined
  }
}

/**
 * The first path segment whose percent-encoding does not decode (a lone `%`,
 * `%ff`, a truncated UTF-8 sequence), or undefined when every segment decodes.
 * @example badPercentEncoding('/api/keys/%E0%A4%A/export') // '%E0%A4%A'
 */
export function badPercentEncoding(pathname: string): string | undefined {
  for (const segment of pathname.split('/')) {
    if (!segment.includes('%')) continue
    try {
      decodeURIComponent(segment)
    } catch {
      return segment
    }
  }
  return undefined
}

function checked(url: URL): TargetCheck {
  const bad = badPercentEncoding(url.pathname)
  if (bad !== undefined) return { ok: false, message: `The path segment ${echo(bad)} is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).` }
  return { ok: true, pathname: url.pathname, search: url.search, originForm: `${url.pathname}${url.search}` }
}

/**
 * Checks a request target: origin-form (`/path?query`) or absolute-form
 * (`http://host/path`); everything else is refused with a message.
 * @example checkRequestTarget('http://[') // { ok: false, message: 'The request target "http://[" is not a valid URL.' }
 */
export function checkRequestTarget(target: string | undefined): TargetCheck {
  if (!target) return { ok: false, message: 'The request has no target; request a path such as /api/health.' }
  if (target === '*') return { ok: false, message: 'The request target "*" (asterisk form) is not served here; request a path such as /api/health.' }
  if (target.startsWith('/')) {
    // The path as sent; the second parse is the one Next and the guards make (`//[` fails it).
    const url = parse(`${TARGET_BASE}${target}`)
    if (!url || !parse(target, TARGET_BASE)) return { ok: false, message: `The request target ${echo(target)} is not a valid path.` }
    return checked(url)
  }
  if (/^https?:\/\//i.test(target)) {
    const url = parse(target)
    if (!url) return { ok: false, message: `The request target ${echo(target)} is not a valid URL.` }
    return checked(url)
  }
  return { ok: false, message: `The request target ${echo(target)} must be a path starting with "/" (or an http:// URL).` }
}
