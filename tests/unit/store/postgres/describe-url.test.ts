import { describe, expect, it } from 'vitest'
import { describeUrl } from '@/lib/store/postgres/pool'

describe('the Postgres location shown in messages and on /api/status', () => {
  it.each([
    ['postgres://studio:s3cret@db.internal:5432/studio', 'postgres://studio:***@db.internal:5432/studio'],
    ['postgres://studio@db.internal/studio?password=s3cret&sslmode=require', 'postgres://studio@db.internal/studio?password=***&sslmode=require'],
    ['postgresql://db/studio?sslpassword=k3y', 'postgresql://db/studio?sslpassword=***'],
    ['postgres://db/studio', 'postgres://db/studio'],
  ])('%s is shown as %s', (url, shown) => {
    expect(describeUrl(url)).toBe(shown)
    expect(describeUrl(url)).not.toMatch(/s3cret|k3y/)
  })

  it('an unparseable URL is named, never echoed', () => {
    expect(describeUrl('postgres://user:pa ss@/')).toBe('postgres (unparseable URL)')
  })
})
