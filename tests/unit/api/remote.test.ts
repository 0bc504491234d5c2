import { describe, expect, it } from 'vitest'
import { remoteOf } from '@/lib/api/remote'

describe('remoteOf', () => {
  it('turns an API answer into page state', () => {
    expect(remoteOf({ ok: true, value: [1] })).toEqual({ status: 'ready', value: [1] })
    expect(remoteOf({ ok: false, error: 'The studio server is not reachable.', status: 502 })).toEqual({ status: 'error', error: 'The studio server is not reachable.' })
  })
})
