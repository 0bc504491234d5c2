import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, isLoopbackHost, loadConfig } from '@/lib/config'

describe('loadConfig', () => {
  it('defaults to loopback on port 3000 with .data/ under the working dir', () => {
    expect(loadConfig({}, '/srv/studio')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/studio/.data'),
      adminToken: undefined,
      liveOrigins: [],
      maxHttpConnections: 512,
      secret: { kind: 'generated' },
    })
  })

  it('reads the store settings: Postgres URL, the secret as text or a file (relative to the working dir)', () => {
    expect(loadConfig({ STUDIO_SECRET: 'correct horse battery staple' }, '/srv/studio').secret).toEqual({ kind: 'text', value: 'correct horse battery staple' })
    expect(loadConfig({ STUDIO_SECRET_FILE: 'secrets/studio' }, '/srv/studio').secret).toEqual({ kind: 'file', path: path.resolve('/srv/studio/secrets/studio') })
    const team = loadConfig({ STUDIO_DATABASE_URL: 'postgres://studio:pw@127.0.0.1:5432/studio', STUDIO_SECRET: 's' }, '/srv/studio')
    expect(team.databaseUrl).toBe('postgres://studio:pw@127.0.0.1:5432/studio')
    expect(loadConfig({ STUDIO_DATABASE_URL: '' }, '/srv/studio')).not.toHaveProperty('databaseUrl')
  })

  it.each([
    [{ STUDIO_DATABASE_URL: 'mysql://x' }, 'STUDIO_DATABASE_URL must be a postgres:// (or postgresql://) URL'],
    [{ STUDIO_DATABASE_URL: 'postgres://db/studio' }, 'STUDIO_DATABASE_URL puts the store on a shared database: set STUDIO_SECRET or STUDIO_SECRET_FILE'],
    [{ STUDIO_SECRET: 'a', STUDIO_SECRET_FILE: '/f' }, 'Set STUDIO_SECRET or STUDIO_SECRET_FILE, not both.'],
  ])('refuses store settings %j', (env, message) => {
    expect(() => loadConfig(env, '/srv/studio')).toThrow(message)
  })

  it.each([
    [{ HOST: '0.0.0.0' }, 'HOST=0.0.0.0 exposes the studio beyond this machine'],
    [{ HOST: '192.168.1.4', STUDIO_ADMIN_TOKEN: '' }, 'HOST=192.168.1.4 exposes the studio'],
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT'],
    [{ STUDIO_ADMIN_TOKEN: 'short' }, 'STUDIO_ADMIN_TOKEN must be at least 16 characters'],
    [{ STUDIO_MAX_HTTP_CONNECTIONS: '0' }, 'Invalid configuration: STUDIO_MAX_HTTP_CONNECTIONS'],
    [{ STUDIO_MAX_HTTP_CONNECTIONS: 'many' }, 'Invalid configuration: STUDIO_MAX_HTTP_CONNECTIONS'],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('accepts a non-loopback HOST with an admin token and parses live origins', () => {
    const c = loadConfig({ HOST: '0.0.0.0', STUDIO_ADMIN_TOKEN: 'x'.repeat(20), STUDIO_LIVE_ORIGINS: 'https://a.test, https://b.test' })
    expect(c.adminToken).toBe('x'.repeat(20))
    expect(c.liveOrigins).toEqual(['https://a.test', 'https://b.test'])
    expect(loadConfig({ STUDIO_MAX_HTTP_CONNECTIONS: '2000' }).maxHttpConnections).toBe(2000)
  })

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['example.com', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
