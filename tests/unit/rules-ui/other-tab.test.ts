import { describe, expect, it } from 'vitest'
import { otherTabAction, hasNoOwnEdits } from '@/components/rules/other-tab'

const saved = { 'auth/rules.ts': 'a' }
const record = (files: Record<string, string>, baseVersion = 3) => ({ files, baseVersion, savedAt: 0 })

describe('another tab changed the stored draft', () => {
  it('a tab without edits follows the other tab’s draft on the same version', () => {
    expect(otherTabAction({ mine: saved, saved, savedVersion: 3, followed: undefined, theirs: record({ 'auth/rules.ts': 'a\n' }) }))
      .toEqual({ kind: 'follow', files: { 'auth/rules.ts': 'a\n' } })
  })

  it('keeps following while the other tab types: its draft arrives in steps', () => {
    // The first step (an empty new line) was followed; the finished line must be followed too, not announced.
    const step = { 'auth/rules.ts': 'a\n' }
    const done = { 'auth/rules.ts': 'a\n// typed in tab one' }
    expect(otherTabAction({ mine: step, saved, savedVersion: 3, followed: step, theirs: record(done) })).toEqual({ kind: 'follow', files: done })
  })

  it('a tab that edited after following is told, not overwritten', () => {
    const step = { 'auth/rules.ts': 'a\n' }
    const mine = { 'auth/rules.ts': 'a\n// mine' }
    expect(otherTabAction({ mine, saved, savedVersion: 3, followed: step, theirs: record({ 'auth/rules.ts': 'a\n// theirs' }) })).toEqual({ kind: 'notice-changed' })
    expect(hasNoOwnEdits(mine, saved, step)).toBe(false)
  })

  it('ignores a draft this tab already shows', () => {
    const mine = { 'auth/rules.ts': 'b' }
    expect(otherTabAction({ mine, saved, savedVersion: 3, followed: undefined, theirs: record(mine) })).toEqual({ kind: 'ignore' })
  })

  it('a clean or following tab reloads when the draft is cleared or was made on another version', () => {
    const step = { 'auth/rules.ts': 'a\n' }
    expect(otherTabAction({ mine: saved, saved, savedVersion: 3, followed: undefined, theirs: undefined })).toEqual({ kind: 'reload' })
    expect(otherTabAction({ mine: step, saved, savedVersion: 3, followed: step, theirs: undefined })).toEqual({ kind: 'reload' })
    expect(otherTabAction({ mine: saved, saved, savedVersion: 3, followed: undefined, theirs: record({ 'auth/rules.ts': 'c' }, 4) })).toEqual({ kind: 'reload' })
  })

  it('a tab with its own edits checks whether a cleared draft was a save of exactly those edits', () => {
    expect(otherTabAction({ mine: { 'auth/rules.ts': 'z' }, saved, savedVersion: 3, followed: undefined, theirs: undefined })).toEqual({ kind: 'check-saved' })
  })
})
