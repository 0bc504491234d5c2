import { describe, expect, it } from 'vitest'
import { loadWorkspace } from '@/lib/sandbox'
import type { LoadDiagnostic } from '@/lib/sandbox/types'

const API = "import { LiveComponent } from '@fluxstack/live'\n"
const OK = `${API}export class Fine extends LiveComponent {\n  static publicActions = ['a']\n  a() {}\n}\n`

async function diagnosticsOf(files: Record<string, string>, options = {}): Promise<LoadDiagnostic[]> {
  const ws = await loadWorkspace(files, options)
  ws.dispose()
  return [...ws.diagnostics]
}

const error = (file: string, line: number, column: number, message: string): LoadDiagnostic => ({ file, line, column, message, severity: 'error' })

describe('load diagnostics carry file:line:column', () => {
  it.each<[string, Record<string, string>, LoadDiagnostic]>([
    [
      'TypeScript syntax error (sucrase)',
      { 'components/a.ts': OK, 'components/bad.ts': `${API}export class B extends LiveComponent {\n  run(x: number = ) {}\n}\n` },
      error('components/bad.ts', 3, 19, 'Syntax error: Unexpected token'),
    ],
    [
      'syntax error only QuickJS sees',
      { 'components/a.ts': OK, 'components/bad.ts': `${API}export const x = 1\nexport const y = 08n\n` },
      error('components/bad.ts', 3, 18, 'SyntaxError: octal literals are deprecated in strict mode'),
    ],
    [
      'missing export',
      { 'components/a.ts': `${API}import { nope } from '../data/db'\nexport class A extends LiveComponent { x = nope }\n`, 'data/db.ts': 'export const db = {}\n' },
      error('components/a.ts', 2, 10, "Missing export: 'nope' is not exported by data/db.ts"),
    ],
    [
      'missing module',
      { 'components/a.ts': `${API}import { db } from '../data/nowhere'\nexport class A extends LiveComponent { x = db }\n` },
      error('components/a.ts', 2, 20, "Cannot find module '../data/nowhere' imported by components/a.ts"),
    ],
    [
      'host module import',
      { 'components/a.ts': `${API}\nimport { readFileSync } from 'node:fs'\nexport class A extends LiveComponent { x = readFileSync }\n` },
      error('components/a.ts', 3, 30, "Module 'node:fs' is not available in the sandbox (imported by components/a.ts). Workspace code may import relative workspace files, '@fluxstack/live' and '@core/server/live'."),
    ],
    [
      'top-level throw',
      { 'data/db.ts': "export const db = {}\n\nthrow new Error('db is down')\n" },
      error('data/db.ts', 3, 16, 'Error: db is down'),
    ],
    [
      'top-level infinite loop',
      { 'data/spin.ts': 'export const x = 1\nwhile (true) {}\n' },
      error('data/spin.ts', 1, 1, 'Loading data/spin.ts exceeded the 100 ms load deadline'),
    ],
    [
      'writing a frozen global at load',
      { 'data/g.ts': 'export const x = 1\nglobalThis.shared = {}\n' },
      error('data/g.ts', 2, 11, 'TypeError: object is not extensible'),
    ],
  ])('%s', async (_label, files, expected) => {
    const diags = await diagnosticsOf(files, { loadDeadlineMs: 100 })
    expect(diags).toContainEqual(expected)
  })

  it('a broken file does not stop the others from loading', async () => {
    const ws = await loadWorkspace({ 'components/a.ts': OK, 'components/bad.ts': 'export const = 1' })
    expect(ws.components.map((c) => c.name)).toEqual(['Fine'])
    expect(ws.diagnostics).toHaveLength(1)
    ws.dispose()
  })

  it('a failing module imported twice is reported once', async () => {
    const diags = await diagnosticsOf({
      'data/db.ts': "throw new Error('db is down')\n",
      'components/a.ts': `${API}import '../data/db'\nexport class A extends LiveComponent {}\n`,
      'components/b.ts': `${API}import '../data/db'\nexport class B extends LiveComponent {}\n`,
    })
    expect(diags.filter((d) => d.message === 'Error: db is down')).toHaveLength(1)
  })
})

describe('a file that fails to load is named as the cause of what follows from it', () => {
  const RULES_BROKEN = "import type { LiveComponentAuth } from '@fluxstack/live'\nconst settings: any = undefined\nexport const limit = settings.max\nexport const adminOnly: LiveComponentAuth = { roles: ['admin'] }\n"
  const ADMIN = `${API}import { adminOnly } from '../auth/rules'\nexport class Admin extends LiveComponent {\n  static publicActions = ['a']\n  static auth = adminOnly\n  a() {}\n}\n`

  it('a top-level TypeError in auth/rules.ts: the component file says it did not load because of it, and nothing else', async () => {
    const diags = await diagnosticsOf({ 'auth/rules.ts': RULES_BROKEN, 'components/admin.ts': ADMIN, 'components/a.ts': OK })
    const cause = "TypeError: cannot read property 'max' of undefined"
    expect(diags).toEqual([
      error('auth/rules.ts', 3, 30, cause),
      { file: 'components/admin.ts', line: 2, column: 1, severity: 'warning', cause: 'auth/rules.ts', message: `components/admin.ts was not loaded because auth/rules.ts failed to load: ${cause}` },
    ])
  })

  it('through a chain of imports: the warning sits on the import that leads to the failed file', async () => {
    const diags = await diagnosticsOf({
      'data/db.ts': "export const db = {}\nthrow new RangeError('no database')\n",
      'auth/rules.ts': "import { db } from '../data/db'\nexport const adminOnly = { roles: ['admin'], db }\n",
      'components/admin.ts': `${API}import {\n  adminOnly,\n} from '../auth/rules'\nexport class Admin extends LiveComponent { static auth = adminOnly }\n`,
    })
    const because = (file: string, line: number) => ({ file, line, column: 1, severity: 'warning', cause: 'data/db.ts', message: `${file} was not loaded because data/db.ts failed to load: RangeError: no database` })
    expect(diags).toEqual([error('data/db.ts', 2, 21, 'RangeError: no database'), because('auth/rules.ts', 1), because('components/admin.ts', 2)])
    expect(diags.some((d) => /exports no class/.test(d.message))).toBe(false)
  })

  it('a missing export in an imported file is the cause, not a second error', async () => {
    const diags = await diagnosticsOf({
      'auth/rules.ts': "import { nope } from '../data/db'\nexport const adminOnly = { roles: [String(nope)] }\n",
      'data/db.ts': 'export const db = {}\n',
      'components/admin.ts': ADMIN,
    })
    expect(diags.filter((d) => d.severity === 'error')).toEqual([error('auth/rules.ts', 1, 10, "Missing export: 'nope' is not exported by data/db.ts")])
    expect(diags).toContainEqual(expect.objectContaining({ file: 'components/admin.ts', line: 2, cause: 'auth/rules.ts', message: expect.stringMatching(/^components\/admin.ts was not loaded because auth\/rules.ts failed to load: Missing export/) }))
  })

  it('a function of a file that loaded, throwing while another file loads, is told apart', async () => {
    const diags = await diagnosticsOf({
      'data/util.ts': "export function boot(): number {\n  throw new Error('not configured')\n}\n",
      'components/a.ts': `${API}import { boot } from '../data/util'\nexport const started = boot()\nexport class A extends LiveComponent {}\n`,
    })
    expect(diags).toEqual([
      error('data/util.ts', 2, 18, 'Error: not configured'),
      { file: 'components/a.ts', line: 1, column: 1, severity: 'warning', cause: 'data/util.ts', message: 'components/a.ts was not loaded: its top-level code threw in data/util.ts:2: Error: not configured' },
    ])
  })
})

describe('extraction diagnostics', () => {
  it.each<[string, string, LoadDiagnostic]>([
    [
      'roles not a list',
      "export class A extends LiveComponent {\n  static auth = { roles: 42 }\n}",
      error('components/a.ts', 2, 8, 'A: static auth.roles must be an array of strings; the component is not loaded'),
    ],
    [
      'authorize not a function',
      "export class A extends LiveComponent {\n  static actionAuth = { x: { authorize: true } }\n}",
      error('components/a.ts', 2, 8, 'A: static actionAuth.x.authorize must be a function; the component is not loaded'),
    ],
    [
      'provider without a name',
      'export class P {\n  async authenticate() { return null }\n}',
      error('components/a.ts', 1, 1, 'Provider P needs a readonly name'),
    ],
  ])('%s', async (_label, body, expected) => {
    const ws = await loadWorkspace({ 'components/a.ts': `${API}${body}\n` })
    expect(ws.diagnostics).toContainEqual(expected)
    expect(ws.components).toEqual([])
    ws.dispose()
  })

  it('duplicate component names keep the first class', async () => {
    const ws = await loadWorkspace({
      'components/a.ts': `${API}export class A extends LiveComponent { static componentName = 'Same' }\n`,
      'components/b.ts': `${API}export class B extends LiveComponent { static componentName = 'Same' }\n`,
    })
    expect(ws.components.map((c) => c.file)).toEqual(['components/a.ts'])
    expect(ws.diagnostics).toContainEqual(error('components/b.ts', 2, 8, "Component name 'Same' is already used by another class; this one is not loaded"))
    ws.dispose()
  })

  it('a components/ file without a component is a warning', async () => {
    const ws = await loadWorkspace({ 'components/util.ts': 'export const x = 1\n' })
    expect(ws.diagnostics).toEqual([{ file: 'components/util.ts', line: 1, column: 1, severity: 'warning', message: 'components/util.ts exports no class extending LiveComponent' }])
    ws.dispose()
  })
})
