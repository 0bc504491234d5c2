import { describe, expect, it } from 'vitest'
import { resolveSpecifier, joinPath } from '@/lib/sandbox/resolve'
import { transpileFile, positionOf } from '@/lib/sandbox/transpile'
import { lintSource } from '@/lib/sandbox/lint'
import { classifyGuestError } from '@/lib/sandbox/guest-failure'

const FILES = new Set(['components/chat.ts', 'data/db.ts', 'auth/rules.ts', 'lib/index.ts'])
const has = (p: string) => FILES.has(p)

describe('resolveSpecifier', () => {
  it.each([
    ['components/chat.ts', '../data/db', 'data/db.ts'],
    ['components/chat.ts', '../data/db.ts', 'data/db.ts'],
    ['components/chat.ts', '../data/db.js', 'data/db.ts'],
    ['components/chat.ts', '../lib', 'lib/index.ts'],
    ['components/chat.ts', './chat', 'components/chat.ts'],
    ['components/chat.ts', '@fluxstack/live', 'flux:live'],
    ['components/chat.ts', '@core/server/live', 'flux:live'],
    ['__host__/entry-0.js', './data/db.ts', 'data/db.ts'],
    ['__host__/entry-0.js', 'flux:bridge', 'flux:bridge'],
    ['flux:live', 'flux:internal', 'flux:internal'],
  ])('%s imports %s -> %s', (base, requested, name) => {
    expect(resolveSpecifier(base, requested, has)).toEqual({ ok: true, name })
  })

  const blocked = (m: string, base = 'components/chat.ts') =>
    `Module '${m}' is not available in the sandbox (imported by ${base}). Workspace code may import relative workspace files, '@fluxstack/live' and '@core/server/live'.`

  it.each([
    ['components/chat.ts', 'fs', blocked('fs')],
    ['components/chat.ts', 'node:fs', blocked('node:fs')],
    ['components/chat.ts', 'http', blocked('http')],
    ['components/chat.ts', 'flux:bridge', blocked('flux:bridge')],
    ['components/chat.ts', 'flux:internal', blocked('flux:internal')],
    ['components/chat.ts', '/etc/passwd', blocked('/etc/passwd')],
    ['components/chat.ts', '../../x', "Cannot import '../../x' from components/chat.ts: it points outside the workspace"],
    ['components/chat.ts', './missing', "Cannot find module './missing' imported by components/chat.ts"],
  ])('%s imports %s -> refused', (base, requested, message) => {
    expect(resolveSpecifier(base, requested, has)).toEqual({ ok: false, message })
  })

  it.each([
    ['a/b', '../c', 'a/c'],
    ['', './x/./y', 'x/y'],
    ['a', '../..', undefined],
  ])('joinPath(%s, %s) = %s', (base, rel, out) => expect(joinPath(base, rel)).toBe(out))
})

describe('transpileFile', () => {
  it('strips types, keeps ES modules and line numbers', () => {
    const src = "import type { X } from '@fluxstack/live'\nimport { db } from './db'\ninterface S { a: string }\nexport const f = (s: S): string => db(s.a as string)\n"
    const r = transpileFile('a.ts', src)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.code.split('\n')).toHaveLength(src.split('\n').length)
    expect(r.code).toContain("import { db } from './db'")
    expect(r.code).not.toContain('interface')
    expect(r.code.split('\n')[3]).toBe('export const f = (s) => db(s.a )')
  })

  it.each([
    ['const a: number = \n  (;', 2, 4],
    ['class A {\n  m(x: = 1) {}\n}', 2, 8],
  ])('syntax error %j -> line %i column %i', (src, line, column) => {
    const r = transpileFile('x.ts', src)
    expect(r).toEqual({ ok: false, diagnostic: { file: 'x.ts', line, column, message: 'Syntax error: Unexpected token', severity: 'error' } })
  })

  it.each([
    ['ab\ncd', 0, 1, 1],
    ['ab\ncd', 3, 2, 1],
    ['ab\ncd', 4, 2, 2],
  ])('positionOf(%j, %i)', (src, offset, line, column) => expect(positionOf(src, offset)).toEqual({ line, column }))
})

describe('lintSource', () => {
  it('flags a static member declared twice (the seed ModerationPanel trap)', () => {
    const src = [
      'export class ModerationPanel extends LiveComponent {',
      '  static actionAuth = {',
      "    banUser: { roles: ['admin'] },",
      '  }',
      '  static actionAuth = {',
      '    editProfile: {},',
      '  }',
      '}',
    ].join('\n')
    expect(lintSource('m.ts', src)).toEqual([
      {
        file: 'm.ts', line: 5, column: 3, severity: 'error',
        message: 'static actionAuth is declared twice in class ModerationPanel (first on line 2). JavaScript keeps only the second declaration, so every entry of the first is silently lost. Merge them into one.',
      },
    ])
  })

  it('does not confuse the same static name in two classes', () => {
    const src = 'export class A extends LiveComponent {\n  static auth = {}\n}\nexport class B extends LiveComponent {\n  static auth = {}\n}\n'
    expect(lintSource('x.ts', src)).toEqual([])
  })

  it('warns about an unexported LiveComponent class', () => {
    expect(lintSource('x.ts', 'class Hidden extends LiveComponent {}\n')).toEqual([
      { file: 'x.ts', line: 1, column: 1, severity: 'warning', message: 'Class Hidden extends LiveComponent but is not exported, so the studio cannot mount it' },
    ])
  })
})

describe('classifyGuestError', () => {
  const limits = { deadlineMs: 50, memoryBytes: 32 * 1024 * 1024 }
  it.each([
    [{ name: 'InternalError', message: 'interrupted' }, 'ERR_SANDBOX_TIMEOUT', 'Sandbox call exceeded 50 ms deadline'],
    [{ name: 'InternalError', message: 'stack overflow' }, 'ERR_SANDBOX_STACK_OVERFLOW', 'Sandbox stack overflow: recursion too deep'],
    [{ name: 'RangeError', message: 'Maximum call stack size exceeded' }, 'ERR_SANDBOX_STACK_OVERFLOW', 'Sandbox stack overflow: recursion too deep'],
    [{ name: 'InternalError', message: 'out of memory' }, 'ERR_SANDBOX_OUT_OF_MEMORY', 'Sandbox out of memory (limit 32 MiB)'],
    [{ name: 'Thrown', message: 'out of memory' }, 'ERR_SANDBOX_GUEST_THROW', 'out of memory'],
    [{ name: 'Error', message: 'interrupted' }, 'ERR_SANDBOX_GUEST_THROW', 'interrupted'],
    [{ name: 'UnserializableError', message: 'result is not serializable: x' }, 'ERR_SANDBOX_UNSERIALIZABLE', 'result is not serializable: x'],
    [{ name: 'TypeError', message: 'boom' }, 'ERR_SANDBOX_GUEST_THROW', 'boom'],
  ])('%j -> %s', (error, code, message) => {
    expect(classifyGuestError(error, limits)).toEqual({ code, message })
  })
})
