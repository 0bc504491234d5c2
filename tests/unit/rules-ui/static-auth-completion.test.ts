import { describe, expect, it } from 'vitest'
import { authSlotAt, suggestionsFor } from '@/components/editor/static-auth-completion'

describe('static auth completion', () => {
  it.each([
    ['  static auth = { ', 'auth'],
    ['  static auth = { required: true, ', 'auth'],
    ['  static auth = { required: true, ro', 'auth'],
    ['  static auth: LiveComponentAuth = {\n    ', 'auth'],
    ['  static actionAuth = { banUser: { ', 'actionAuthEntry'],
    ['  static actionAuth = {\n    banUser: { roles: [\'admin\'] },\n    del: {\n      ', 'actionAuthEntry'],
    ['  static actionAuth = { ', undefined],
    ['  static auth = { required: true }\n  ', undefined],
    ['  static auth = { roles: [', undefined],
    ['  static auth = { authorize: (a) => { ', undefined],
    ["  static auth = { reason: '{', ", 'auth'],
    ['const x = { ', undefined],
  ])('%j -> %s', (text, expected) => {
    expect(authSlotAt(text)).toBe(expected)
  })

  it('offers required only for the component rule', () => {
    expect(suggestionsFor('auth').map((s) => s.label)).toEqual(['required', 'roles', 'permissions', 'authorize'])
    expect(suggestionsFor('actionAuthEntry').map((s) => s.label)).toEqual(['roles', 'permissions', 'authorize'])
  })
})
