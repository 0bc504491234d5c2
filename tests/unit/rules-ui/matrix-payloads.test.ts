import { describe, expect, it } from 'vitest'
import type { KeyValueStorage } from '@/components/rules/draft-store'
import {
  jsonErrorOffset, jsonErrorText, MAX_PAYLOAD_CHARS, parsePayloadText, parseStoredPayloads, payloadPreview, payloadText, payloadsKey, readPayloads, writePayload,
} from '@/components/rules/matrix-payloads'

function memory(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) }
}

describe('column payloads', () => {
  it('are stored per workspace, one entry per column, and removed when none is left', () => {
    const s = memory()
    expect(writePayload(s, 'ws-1', 'LiveAdminPanel.delete', { targetUserId: 'u-admin' })).toEqual({ 'LiveAdminPanel.delete': { targetUserId: 'u-admin' } })
    writePayload(s, 'ws-1', 'AdminPanel.deleteUser', 'u-free')
    expect(readPayloads(s, 'ws-1')).toEqual({ 'LiveAdminPanel.delete': { targetUserId: 'u-admin' }, 'AdminPanel.deleteUser': 'u-free' })
    expect(readPayloads(s, 'ws-2')).toEqual({})
    writePayload(s, 'ws-1', 'LiveAdminPanel.delete', undefined)
    expect(readPayloads(s, 'ws-1')).toEqual({ 'AdminPanel.deleteUser': 'u-free' })
    writePayload(s, 'ws-1', 'AdminPanel.deleteUser', undefined)
    expect(s.map.has(payloadsKey('ws-1'))).toBe(false)
    // null is a payload (the action is called with null), unlike undefined.
    expect(writePayload(s, 'ws-1', 'A.b', null)).toEqual({ 'A.b': null })
  })

  it('read anything unreadable as none', () => {
    expect(parseStoredPayloads(null)).toEqual({})
    expect(parseStoredPayloads('{not json')).toEqual({})
    expect(parseStoredPayloads('[1,2]')).toEqual({})
    expect(parseStoredPayloads('{"A.b":{"x":1}}')).toEqual({ 'A.b': { x: 1 } })
  })

  it('parse the editor text: blank is no payload, JSON errors keep the position, size is capped', () => {
    expect(parsePayloadText('  \n')).toEqual({ ok: true, value: undefined })
    expect(parsePayloadText('{"targetUserId": "u-admin"}')).toEqual({ ok: true, value: { targetUserId: 'u-admin' } })
    expect(parsePayloadText('null')).toEqual({ ok: true, value: null })
    expect(parsePayloadText('{"a": }')).toEqual({ ok: false, error: "Not valid JSON: Unexpected token '}' at line 1, column 7. Nothing was applied." })
    expect(parsePayloadText('{\n  a: 1\n}')).toEqual({ ok: false, error: "Not valid JSON: Expected property name or '}' at line 2, column 3. Nothing was applied." })
    expect(parsePayloadText(`"${'x'.repeat(MAX_PAYLOAD_CHARS)}"`)).toEqual({ ok: false, error: 'A payload is at most 32 KiB of JSON. Nothing was applied.' })
  })

  it('word JSON errors with a line and column, whichever way the engine words them', () => {
    expect(jsonErrorText('Unexpected non-whitespace character after JSON at position 7', '{"a":1}x')).toBe('Unexpected non-whitespace character after JSON at line 1, column 8')
    expect(jsonErrorText("Expected ',' or '}' after property value in JSON at position 9 (line 2 column 3)", '{"a":1\n  "b"')).toBe("Expected ',' or '}' after property value at line 2, column 3")
    expect(jsonErrorText('Unexpected token \'u\', "{\n"a": u}" is not valid JSON', '{\n"a": u}')).toBe("Unexpected token 'u' at line 2, column 6")
    expect(jsonErrorText('Unexpected end of JSON input', '[1,')).toBe('Unexpected end of JSON input at line 1, column 4')
  })

  it.each([
    ['{"a": [1, 2.5e3, -0, true, false, null, "x\\u00e9\\n"]}', -1],
    ['  {}  ', -1],
    ['{"a": }', 6],
    ['{a: 1}', 1],
    ['[1, 2,]', 6],
    ['"tab\there"', 4],
    ['01', 1],
    ['tru', 3],
    ['"\\x"', 2],
    ['{"a":1}x', 7],
    ['', 0],
  ])('finds the first JSON error in %j at %i, as JSON.parse judges it', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset)
    let valid = true
    try { JSON.parse(text) } catch { valid = false }
    expect(valid).toBe(offset === -1)
  })

  it('show a payload in the editor and in a column header', () => {
    expect(payloadText(undefined)).toBe('')
    expect(payloadText({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(payloadPreview(undefined)).toBe('no payload')
    expect(payloadPreview({ a: 1 })).toBe('{"a":1}')
    expect(payloadPreview({ targetUserId: 'u-administrator' })).toBe('{"targetUserId":"u-admi…')
  })
})
