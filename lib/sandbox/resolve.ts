/**
 * Module specifier resolution for the guest. Workspace files import each other
 * by relative path (with or without `.ts`, or a folder's `index.ts`); the two
 * FluxStack module names map to the compatible API; nothing else resolves.
 */

/** Internal module names (never valid workspace paths: those end in .ts). */
export const API_MODULE = 'flux:live'
export const INTERNAL_MODULE = 'flux:internal'
export const BRIDGE_MODULE = 'flux:bridge'
/** Prefix of the host's own entry modules. */
export const HOST_PREFIX = '__host__/'

/** The public names that resolve to the compatible API. */
export const API_SPECIFIERS: readonly string[] = ['@fluxstack/live', '@core/server/live']

export type Resolution = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string }

function dirname(path: string): string {
  const i = path.lastIndexOf('/')
  return i < 0 ? '' : path.slice(0, i)
}

/** Joins and normalizes; returns undefined when `..` climbs above the workspace root. */
export function joinPath(base: string, relative: string): string | undefined {
  const out: string[] = base === '' ? [] : base.split('/')
  for (const seg of relative.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (out.length === 0) return undefined
      out.pop()
    } else out.push(seg)
  }
  return out.join('/')
}

function candidates(path: string): string[] {
  const list = [path, `${path}.ts`, `${path}/index.ts`]
  if (path.endsWith('.js')) list.unshift(`${path.slice(0, -3)}.ts`)
  return list
}

function notAvailable(requested: string, base: string): string {
  return (
    `Module '${requested}' is not available in the sandbox (imported by ${base}). ` +
    `Workspace code may import relative workspace files, '@fluxstack/live' and '@core/server/live'.`
  )
}

/**
 * Resolves `requested` as imported by module `base`.
 * @example resolveSpecifier('components/chat.ts', '../data/db', has) // { ok: true, name: 'data/db.ts' }
 */
export function resolveSpecifier(base: string, requested: string, hasFile: (path: string) => boolean): Resolution {
  const fromHost = base.startsWith(HOST_PREFIX)
  if (API_SPECIFIERS.includes(requested)) return { ok: true, name: API_MODULE }
  if (requested === INTERNAL_MODULE && (base === API_MODULE || base === BRIDGE_MODULE)) return { ok: true, name: requested }
  if (requested === API_MODULE && (base === BRIDGE_MODULE || fromHost)) return { ok: true, name: requested }
  if (requested === BRIDGE_MODULE && fromHost) return { ok: true, name: requested }
  if (!requested.startsWith('./') && !requested.startsWith('../')) return { ok: false, message: notAvailable(requested, base) }
  const joined = joinPath(fromHost ? '' : dirname(base), requested)
  if (joined === undefined) return { ok: false, message: `Cannot import '${requested}' from ${base}: it points outside the workspace` }
  const found = candidates(joined).find(hasFile)
  if (found === undefined) return { ok: false, message: `Cannot find module '${requested}' imported by ${base}` }
  return { ok: true, name: found }
}
