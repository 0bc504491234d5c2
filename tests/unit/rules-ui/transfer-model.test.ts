import { describe, expect, it } from 'vitest'
import { exportWorkspaceJson, exportWorkspaceZip } from '@/lib/rules/export'
import { writeZip } from '@/lib/rules/zip'
import {
  exportFileName, previewImport, readImportFile, shareFragmentFromHash, shareUrlFor, workspaceNameFromFile,
} from '@/components/rules/transfer-model'
import { DEMO } from '../rules/fixtures'

const utf8 = (text: string) => new TextEncoder().encode(text)

function demoJson(): Uint8Array {
  const r = exportWorkspaceJson(DEMO)
  if (!r.ok) throw new Error(r.issues.join('\n'))
  return utf8(r.value)
}

describe('import file reading', () => {
  it('reads an exported JSON document back to the same workspace', () => {
    expect(readImportFile('demo.json', demoJson())).toEqual({ ok: true, value: { source: 'json', fileName: 'demo.json', workspace: DEMO } })
  })

  it('tells a ZIP by its bytes (whatever the name) and names the workspace after the file', () => {
    const zip = exportWorkspaceZip(DEMO)
    if (!zip.ok) throw new Error('zip')
    const r = readImportFile('team rules.json', zip.value)
    expect(r.ok && r.value).toMatchObject({ source: 'zip', workspace: { name: 'team rules', files: DEMO.files, personas: [], ruleTests: [] } })
  })

  it.each([
    ['an empty file', new Uint8Array(), /is empty/],
    ['a truncated JSON file', demoJson().slice(0, 100), /not valid JSON/],
    ['JSON of another format', utf8('{"format":"x"}'), /format/],
    ['binary garbage', new Uint8Array([0xff, 0xfe, 0x00, 0x81]), /neither a ZIP nor UTF-8/],
    ['a ZIP with a path outside the workspace', writeZip([{ path: '../evil.ts', data: utf8('x') }]), /evil\.ts/],
    ['a ZIP with no .ts files', writeZip([{ path: 'docs/', data: new Uint8Array() }]), /no \.ts files/],
    ['a damaged ZIP', demoZipCut(), /./],
  ])('refuses %s with issues', (_name, bytes, message) => {
    const r = readImportFile('f', bytes)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues.join('\n')).toMatch(message)
  })
})

function demoZipCut(): Uint8Array {
  const zip = exportWorkspaceZip(DEMO)
  if (!zip.ok) throw new Error('zip')
  return zip.value.slice(0, zip.value.length - 30)
}

describe('import preview, names and share URLs', () => {
  it('lists what replacing the draft would change', () => {
    const current = { 'a.ts': '1', 'b.ts': '2', 'c.ts': '3' }
    const p = previewImport(current, { name: 'x', files: { 'a.ts': '1', 'b.ts': 'two', 'd.ts': '4' }, personas: [], ruleTests: [] })
    expect(p).toEqual({ added: ['d.ts'], modified: ['b.ts'], removed: ['c.ts'], unchanged: 1, personas: 0, ruleTests: 0 })
  })

  it.each([
    ['#share=v1.abc.def', 'v1.abc.def'],
    ['share=v1.x', 'v1.x'],
    ['#other=1&share=v1.y', 'v1.y'],
    ['#share=', undefined],
    ['', undefined],
    ['#section', undefined],
  ])('finds the share fragment in %j', (hash, expected) => {
    expect(shareFragmentFromHash(hash)).toBe(expected)
  })

  it('round-trips a base64url fragment through the URL', () => {
    const url = shareUrlFor('http://127.0.0.1:3000', 'v1.0badf00d.AbC-_9')
    expect(url).toBe('http://127.0.0.1:3000/rules#share=v1.0badf00d.AbC-_9')
    expect(shareFragmentFromHash(new URL(url).hash)).toBe('v1.0badf00d.AbC-_9')
  })

  it('makes file names from workspace names', () => {
    expect(exportFileName('FluxStack Live demo', 3, false, 'json')).toBe('fluxstack-live-demo-v3.json')
    expect(exportFileName('  !!  ', 1, true, 'zip')).toBe('workspace-v1-draft.zip')
    expect(workspaceNameFromFile('C:\\tmp\\team.ZIP')).toBe('team')
    expect(workspaceNameFromFile('.json')).toBe('Imported workspace')
  })
})
