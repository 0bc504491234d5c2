import { describe, expect, it } from 'vitest'
import { sharpEdgeProblems } from '@/lib/rules/sharp-edge-checks'

const PROVIDER = `export class P {
  readonly name = 'p'
  async authenticate() { return null }
  // authorizeRoom(ctx, roomId) in a comment does not count
  async authorizeRoom(ctx: unknown, roomId: string): Promise<boolean> {
    return roomId !== 'x'
  }
  async authorizeAction(ctx: unknown, component: string, action: string) {
    if (action === 'boom') throw new Error('nope: ' + action)
    return true
  }
}
`

describe('sharpEdgeProblems', () => {
  it('points at authorizeRoom (skipped for mounts) and at an authorizeAction that throws (its text leaks)', () => {
    const problems = sharpEdgeProblems('providers/p.ts', PROVIDER)
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([[5, 9, 'sharp-edge'], [8, 9, 'sharp-edge']])
    expect(problems[0]?.message).toMatch(/COMPONENT_MOUNT with payload.room/)
    expect(problems[1]?.message).toMatch(/sent to the client as the error/)
  })

  it('an authorizeAction that never throws is fine', () => {
    expect(sharpEdgeProblems('providers/q.ts', 'export class Q { async authorizeAction() { return false } }')).toEqual([])
  })

  it('a component that reads this.room trusts the client', () => {
    const problems = sharpEdgeProblems('components/c.ts', "class C { async act() { if (this.room === 'vip-1') return 1 } }")
    expect(problems).toHaveLength(1)
    expect(problems[0]?.message).toMatch(/this\.room is the client's own payload\.room/)
    expect(sharpEdgeProblems('components/c.ts', "const s = 'this.room'")).toEqual([])
  })
})
