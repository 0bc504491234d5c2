import { describe, expect, it } from 'vitest'
import { exportWorkspaceJson, exportWorkspaceZip } from '@/lib/rules/export'
import { importWorkspaceJson, importWorkspaceZip } from '@/lib/rules/import'
import { writeZip } from '@/lib/rules/zip'
import { DEMO } from './fixtures'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('JSON export/import', () => {
  it('round-trips the demo workspace', () => {
    const json = exportWorkspaceJson(DEMO)
    if (!json.ok) throw new Error(json.issues.join('\n'))
    expect(importWorkspaceJson(json.value)).toEqual({ ok: true, value: DEMO })
  })

  it('never carries keys or other fields riding on the input', () => {
    const withSecrets = { ...DEMO, keys: [{ kid: 'k1', privateJwk: { d: 'SECRET-D' } }], stateBackedSecretKey: 'sbsec_SECRET',
      personas: DEMO.personas.map((p) => ({ ...p, token: 'eyJ.SECRET' })) }
    const json = exportWorkspaceJson(withSecrets)
    expect(json.ok && json.value.includes('SECRET')).toBe(false)
    expect(json.ok && JSON.parse(json.value)).toMatchObject({ format: 'live-auth-studio/workspace', version: 1 })
  })

  it.each<[string, string, string[]]>([
    ['not JSON', 'nope', ['(document): not valid JSON']],
    ['future version', JSON.stringify({ format: 'live-auth-studio/workspace', version: 2, name: 'x', files: {}, personas: [], ruleTests: [] }), ['version: Invalid input: expected 1']],
    ['path traversal', JSON.stringify({ format: 'live-auth-studio/workspace', version: 1, name: 'x', files: { '../etc/passwd.ts': '' }, personas: [], ruleTests: [] }), ['files.../etc/passwd.ts: path must not contain . or .. segments']],
    ['non-ts file and unknown field', JSON.stringify({ format: 'live-auth-studio/workspace', version: 1, name: 'x', files: { 'a.js': '' }, personas: [], ruleTests: [], keys: [] }), ['files.a.js: only TypeScript (.ts) files belong to a workspace', '(document): Unrecognized key: "keys"']],
    ['duplicate persona', JSON.stringify({ format: 'live-auth-studio/workspace', version: 1, name: 'x', files: {}, personas: [DEMO.personas[0], DEMO.personas[0]], ruleTests: [] }), ["personas.1.id: duplicate id 'admin'"]],
  ])('rejects %s', (_, text, issues) => {
    expect(importWorkspaceJson(text)).toEqual({ ok: false, issues })
  })

  it('refuses to export an invalid workspace', () => {
    expect(exportWorkspaceJson({ ...DEMO, files: { 'C:/x.ts': '' } })).toEqual({ ok: false, issues: ['files.C:/x.ts: path must be relative and use / separators'] })
  })

  it('does not mutate its input', () => {
    const input = structuredClone(DEMO)
    exportWorkspaceJson(input)
    importWorkspaceJson(JSON.stringify(input))
    expect(input).toEqual(DEMO)
  })
})

describe('ZIP export/import', () => {
  it('round-trips the TypeScript files', () => {
    const zip = exportWorkspaceZip(DEMO)
    if (!zip.ok) throw new Error(zip.issues.join('\n'))
    expect(importWorkspaceZip(zip.value)).toEqual({ ok: true, value: { files: DEMO.files } })
  })

  const bad = (path: string, data = utf8('x')): Uint8Array => writeZip([{ path: 'ok.ts', data: utf8('') }, { path, data }])
  it.each<[string, Uint8Array, string[]]>([
    ['zip slip', bad('../../evil.ts'), ['../../evil.ts: path must not contain . or .. segments']],
    ['absolute path', bad('/etc/x.ts'), ['/etc/x.ts: path must be relative and use / separators']],
    ['not TypeScript', bad('run.sh'), ['run.sh: only TypeScript (.ts) files belong to a workspace']],
    ['duplicate', bad('ok.ts'), ['ok.ts: appears twice']],
    ['invalid UTF-8', bad('b.ts', new Uint8Array([0xff, 0xfe])), ['b.ts: not valid UTF-8 text']],
    ['oversize file', bad('big.ts', new Uint8Array(256 * 1024 + 1)), ['Corrupt ZIP: big.ts is 262145 bytes; the limit is 262144']],
    ['empty', writeZip([]), ['The ZIP holds no .ts files']],
    ['corrupt', (() => { const z = bad('b.ts'); z[32] = 0; return z })(), ['Corrupt ZIP: ok.ts: local file name differs from the central directory']],
  ])('rejects %s', (_, bytes, issues) => {
    expect(importWorkspaceZip(bytes)).toEqual({ ok: false, issues })
  })

  it('rejects too many files', () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ path: `f${i}.ts`, data: utf8('') }))
    expect(importWorkspaceZip(writeZip(many))).toEqual({ ok: false, issues: ['(document): 201 files; the limit is 200'] })
  })
})
