/**
 * Where the cursor sits inside `static auth = {` or `static actionAuth = { x: {`.
 * TypeScript does not type a subclass's static initializer from the base class,
 * so the editor offers the rule keys itself. Pure: tested without Monaco.
 */

export type AuthSlot = 'auth' | 'actionAuthEntry'

export interface KeySuggestion {
  readonly label: string
  readonly insertText: string
  readonly detail: string
}

const OPENER = /static\s+(auth|actionAuth)\s*(?::[^=;{]*)?=\s*\{/g

/** Depth of `{` nesting at the end of `text`, skipping strings and comments; -1 once it closes. */
function depthAfter(text: string): number {
  let depth = 1
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"' || ch === "'" || ch === '`') {
      const close = text.indexOf(ch, i + 1)
      if (close === -1) return depth
      i = close
    } else if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i)
      if (nl === -1) return depth
      i = nl
    } else if (ch === '{') depth++
    else if (ch === '}' && --depth === 0) return -1
  }
  return depth
}

/**
 * The rule object the cursor is in at a key position, if any.
 * @example authSlotAt('  static auth = { required: true, ') // 'auth'
 */
export function authSlotAt(textBefore: string): AuthSlot | undefined {
  // Only at a key position: right after `{` or `,` (the word being typed aside).
  const head = textBefore.replace(/[A-Za-z_$]*$/, '').trimEnd()
  if (!head.endsWith('{') && !head.endsWith(',')) return undefined
  let last: RegExpExecArray | undefined
  for (const m of textBefore.matchAll(OPENER)) last = m as RegExpExecArray
  if (!last) return undefined
  const depth = depthAfter(textBefore.slice(last.index + last[0].length))
  if (last[1] === 'auth') return depth === 1 ? 'auth' : undefined
  return depth === 2 ? 'actionAuthEntry' : undefined
}

const COMMON: readonly KeySuggestion[] = [
  { label: 'roles', insertText: "roles: ['$1']", detail: 'string[]: any one of these roles (OR)' },
  { label: 'permissions', insertText: "permissions: ['$1']", detail: 'string[]: every one of these permissions (AND)' },
]

/** The keys to offer in a slot, with snippet text. */
export function suggestionsFor(slot: AuthSlot): readonly KeySuggestion[] {
  if (slot === 'auth') {
    return [
      { label: 'required', insertText: 'required: ${1:true}', detail: 'boolean: reject anonymous callers' },
      ...COMMON,
      { label: 'authorize', insertText: 'authorize: (auth: LiveAuthContext) => ${1:auth.hasRole(\'admin\')}', detail: '(auth) => boolean | { allowed, reason }' },
    ]
  }
  return [
    ...COMMON,
    { label: 'authorize', insertText: 'authorize: (auth: LiveAuthContext, payload) => ${1:true}', detail: '(auth, payload) => boolean | { allowed, reason }' },
  ]
}
