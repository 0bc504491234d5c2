import { describe, expect, it } from 'vitest'
import { parsePrefill } from '@/components/live/live-url'

describe('parsePrefill (/live links from /traces)', () => {
  it('reads persona, component, action and payload', () => {
    expect(parsePrefill('?component=ModerationPanel&action=banUser&persona=moderator&payload=%7B%22userId%22%3A%22u-free%22%7D')).toEqual({
      component: 'ModerationPanel', action: 'banUser', persona: 'moderator', payload: '{"userId":"u-free"}',
    })
  })
  it('is undefined without any of them', () => {
    expect(parsePrefill('')).toBeUndefined()
    expect(parsePrefill('?other=1')).toBeUndefined()
  })
  it('ignores values that are not plain names and oversized payloads', () => {
    expect(parsePrefill('?component=<script>&persona=admin')).toEqual({ persona: 'admin' })
    expect(parsePrefill(`?payload=${'x'.repeat(5000)}`)).toBeUndefined()
  })
})
