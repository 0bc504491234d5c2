/** Small inline workspaces for sandbox tests. */
import { createAuthContext } from '@/lib/auth/context'
import type { LiveAuthContext, RuleFunction } from '@/lib/auth/types'
import type { LoadedWorkspace } from '@/lib/sandbox/types'

/**
 * A workspace whose component `name` has `static auth = { authorize: <body> }`
 * for each entry of `rules` (body is a JS function expression).
 */
export function ruleWorkspace(rules: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const classes = Object.entries(rules).map(
    ([name, body]) =>
      `export class ${name} extends LiveComponent {\n  static componentName = '${name}'\n  static publicActions = ['run'] as const\n  static auth = { authorize: ${body} }\n  async run() { return 1 }\n}`,
  )
  return { 'components/rules.ts': `import { LiveComponent } from '@fluxstack/live'\n${classes.join('\n')}\n`, ...extra }
}

export function authorizeOf(ws: LoadedWorkspace, component: string): RuleFunction {
  const fn = ws.components.find((c) => c.name === component)?.auth?.authorize
  if (fn === undefined) throw new Error(`no authorize on ${component}`)
  return fn
}

/** Calls a host RuleFunction and returns its (awaited) value or `{ thrown, code, message }` of what it threw or rejected with. */
export async function attempt(fn: RuleFunction, auth: LiveAuthContext, payload?: unknown): Promise<unknown> {
  try {
    return await fn(auth, payload)
  } catch (e) {
    const err = e as { code?: string; message?: string; name?: string }
    return { thrown: err.name, code: err.code, message: err.message }
  }
}

export const user = (id = 'u-1', extra: Record<string, unknown> = {}): LiveAuthContext => createAuthContext({ id, ...extra })
