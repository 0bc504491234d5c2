/**
 * Workspace code that relies on one of FluxStack Live 0.11's sharp edges
 * (lib/auth/sharp-edges.ts): the studio answers as the library does, so the
 * developer's real app has the same hole; these point at the line.
 * - a provider's `authorizeRoom`: not asked when a client mounts with `payload.room`;
 * - a provider's `authorizeAction` that throws: its message reaches the client;
 * - a component reading `this.room`: it comes from the client's mount, unchecked.
 */
import type { Problem } from './problem'
import { matchBracket, maskSource, positionMapper } from './ts-scan'

const METHOD = (name: string) => new RegExp(`(?:^|[\\s;{}])(?:async\\s+)?${name}\\s*\\([^)]*\\)\\s*(?::[^{]+)?\\{`, 'g')

/** `{ offset, body }` of every method named `name` in the masked source. */
function methods(masked: string, name: string): { offset: number; body: string }[] {
  const out: { offset: number; body: string }[] = []
  for (const m of masked.matchAll(METHOD(name))) {
    const open = (m.index ?? 0) + m[0].length - 1
    const close = matchBracket(masked, open)
    if (close === -1) continue
    out.push({ offset: masked.indexOf(name, m.index ?? 0), body: masked.slice(open, close) })
  }
  return out
}

/**
 * Problems for one file.
 * @example sharpEdgeProblems('providers/jwt.ts', source)
 */
export function sharpEdgeProblems(file: string, text: string): Problem[] {
  const masked = maskSource(text)
  const at = positionMapper(text)
  const out: Problem[] = []
  for (const m of methods(masked, 'authorizeRoom')) {
    out.push({ file, ...at(m.offset), severity: 'warning', code: 'sharp-edge',
      message: 'FluxStack Live 0.11 asks authorizeRoom for ROOM_JOIN only: a COMPONENT_MOUNT with payload.room puts the component in the room without this check. Do not rely on it for rooms a component can be mounted into.' })
  }
  for (const m of methods(masked, 'authorizeAction')) {
    if (!/\bthrow\b/.test(m.body)) continue
    out.push({ file, ...at(m.offset), severity: 'warning', code: 'sharp-edge',
      message: "FluxStack Live 0.11 does not catch an exception thrown by the provider's authorizeAction: its message is sent to the client as the error. Return false instead of throwing." })
  }
  if (file.startsWith('components/')) {
    const first = /\bthis\s*\.\s*room\b/.exec(masked)
    if (first) {
      out.push({ file, ...at(first.index), severity: 'warning', code: 'sharp-edge',
        message: "this.room is the client's own payload.room from COMPONENT_MOUNT, which FluxStack Live 0.11 does not check with authorizeRoom: never trust it for access." })
    }
  }
  return out
}
