import { describe, expect, it } from 'vitest'
import { sourceHref, sourceLabel, sourceLinkTarget } from '@/components/rules/source-link'

describe('links into the rule editor', () => {
  it('a trace step links to its file and line; the rules page reads the link back', () => {
    const at = { file: 'auth/rules.ts', line: 20, column: 14 }
    expect(sourceLabel(at)).toBe('auth/rules.ts:20')
    expect(sourceHref(at)).toBe('/rules?file=auth%2Frules.ts&line=20&column=14')
    expect(sourceHref({ file: 'auth/rules.ts', line: 7, column: 1 })).toBe('/rules?file=auth%2Frules.ts&line=7')
    const back = sourceLinkTarget(new URL(`http://x${sourceHref(at)}`).searchParams)
    expect(back).toEqual({ file: 'auth/rules.ts', line: 20, column: 14, key: 'auth/rules.ts:20:14' })
  })

  it.each<[string, object | undefined]>([
    ['', undefined],
    ['file=../etc/passwd&line=1', undefined],
    ['file=/abs.ts', undefined],
    ['file=a/./b.ts', undefined],
    ['file=auth/rules.ts', { file: 'auth/rules.ts', line: 1, column: 1 }],
    ['file=auth/rules.ts&line=0&column=-3', { file: 'auth/rules.ts', line: 1, column: 1 }],
    ['file=auth/rules.ts&line=abc', { file: 'auth/rules.ts', line: 1, column: 1 }],
    ['file=components/pro-dashboard.ts&line=18', { file: 'components/pro-dashboard.ts', line: 18, column: 1 }],
  ])('?%s', (query, want) => {
    const got = sourceLinkTarget(new URLSearchParams(query))
    if (want === undefined) expect(got).toBeUndefined()
    else expect(got).toMatchObject(want)
  })

  it('no params at all (server render) asks for nothing', () => expect(sourceLinkTarget(null)).toBeUndefined())
})
