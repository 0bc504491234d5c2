import { describe, expect, it } from 'vitest'
import { appendFrame, filterFrames, formatClock, frameLabel, prettyFrame, type FrameRow } from '@/components/live/frame-log-model'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LWFkbWluIn0.c2lnbmF0dXJlLXZhbHVl'
const row = (id: number, direction: 'in' | 'out', text: string): FrameRow => ({ id, direction, text, at: 0, binary: false })

describe('appendFrame', () => {
  it('keeps only the newest `cap` frames', () => {
    let rows: FrameRow[] = []
    for (let i = 1; i <= 5; i++) rows = appendFrame(rows, { direction: 'in', at: i, text: String(i), binary: false }, i, 3)
    expect(rows.map((r) => r.id)).toEqual([3, 4, 5])
  })
})

describe('frameLabel', () => {
  it.each([
    ['{"type":"AUTH_RESPONSE","success":true}', false, 'AUTH_RESPONSE'],
    ['[{"type":"STATE_DELTA"},{"type":"ACTION_RESPONSE"}]', false, 'STATE_DELTA + ACTION_RESPONSE'],
    ['[]', false, 'empty batch'],
    ['[1]', false, '?'],
    ['{"x":1}', false, 'JSON'],
    ['hello', false, 'text'],
    ['[binary frame: 4 bytes]', true, 'binary'],
  ])('%s -> %s', (text, binary, label) => expect(frameLabel({ text, binary })).toBe(label))
})

describe('prettyFrame', () => {
  it('indents JSON and masks a token that reached it unmasked', () => {
    expect(prettyFrame(JSON.stringify({ type: 'AUTH', payload: { token: JWT } }))).toBe('{\n  "type": "AUTH",\n  "payload": {\n    "token": "[masked]"\n  }\n}')
    expect(prettyFrame(`bearer ${JWT}`)).toBe('bearer [masked]')
    expect(prettyFrame(`{"note":"${JWT}"}`)).not.toContain(JWT)
  })
})

describe('filterFrames', () => {
  const rows = [
    row(1, 'out', '{"type":"AUTH","payload":{"token":"[masked]"}}'),
    row(2, 'in', '{"type":"AUTH_RESPONSE","success":true}'),
    row(3, 'in', '{"type":"MESSAGE_RESPONSE","success":false,"error":"AUTH_DENIED: Insufficient roles"}'),
  ]
  it.each([
    ['', 'all', [1, 2, 3]],
    ['auth', 'all', [1, 2, 3]],
    ['auth', 'in', [2, 3]],
    ['AUTH_DENIED', 'all', [3]],
    ['  message_response ', 'all', [3]],
    ['', 'out', [1]],
    ['nothing', 'all', []],
  ] as const)('%j %s', (query, direction, ids) => expect(filterFrames(rows, query, direction).map((r) => r.id)).toEqual(ids))
})

describe('formatClock', () => {
  it('prints HH:MM:SS.mmm in local time', () => {
    const at = new Date(2024, 0, 2, 3, 4, 5, 6).getTime()
    expect(formatClock(at)).toBe('03:04:05.006')
  })
})
