import { describe, expect, it } from 'vitest'
import { crossSiteRefusal, hostnameOf } from '@/lib/server/request-guard'

const req = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers })

describe('crossSiteRefusal', () => {
  it('answers localhost names on a loopback-bound studio', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'studio.localhost:3000', 'localhost']) {
      expect(crossSiteRefusal(req('GET', '/', { host }), '127.0.0.1'), host).toBeUndefined()
    }
  })
  it('refuses other Host names on a loopback-bound studio (DNS rebinding)', () => {
    for (const host of ['evil.example:3000', 'evil.example', '192.168.1.20:3000', '']) {
      expect(crossSiteRefusal(req('GET', '/api/keys', { host }), '127.0.0.1')?.code, host).toBe('HOST_REFUSED')
    }
    expect(crossSiteRefusal(req('GET', '/', {}), 'localhost')?.code).toBe('HOST_REFUSED')
  })
  it('leaves the Host alone when the studio is bound to another interface (the admin token guards it)', () => {
    expect(crossSiteRefusal(req('GET', '/', { host: 'studio.team.example' }), '0.0.0.0')).toBeUndefined()
  })
  it('refuses a cross-site write to the API, by Origin or Sec-Fetch-Site', () => {
    const host = '127.0.0.1:3000'
    expect(crossSiteRefusal(req('POST', '/api/workspace/save', { host, origin: 'https://evil.example' }), '127.0.0.1')?.code).toBe('CROSS_SITE_REFUSED')
    expect(crossSiteRefusal(req('DELETE', '/api/keys/k1', { host, origin: 'http://localhost:3000' }), '127.0.0.1')?.code).toBe('CROSS_SITE_REFUSED')
    expect(crossSiteRefusal(req('PUT', '/api/workspace/tests', { host, 'sec-fetch-site': 'cross-site' }), '127.0.0.1')?.code).toBe('CROSS_SITE_REFUSED')
    expect(crossSiteRefusal(req('POST', '/api/tokens', { host, origin: 'null' }), '127.0.0.1')?.code).toBe('CROSS_SITE_REFUSED')
  })
  it('allows same-origin writes, scripts without Origin, and cross-site reads', () => {
    const host = '127.0.0.1:3000'
    expect(crossSiteRefusal(req('POST', '/api/workspace/save', { host, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), '127.0.0.1')).toBeUndefined()
    expect(crossSiteRefusal(req('POST', '/api/impact', { host }), '127.0.0.1')).toBeUndefined()
    expect(crossSiteRefusal(req('GET', '/api/health', { host, origin: 'https://evil.example' }), '127.0.0.1')).toBeUndefined()
    expect(crossSiteRefusal(req('POST', '/signin', { host, origin: 'http://127.0.0.1:3000' }), '127.0.0.1')).toBeUndefined()
  })
  it('refuses an unparsable target instead of throwing', () => {
    expect(crossSiteRefusal(req('POST', '//[', { host: '127.0.0.1:3000' }), '127.0.0.1')).toMatchObject({ status: 400, code: 'BAD_REQUEST' })
    expect(crossSiteRefusal(req('GET', 'http://x:99999/', { host: '127.0.0.1:3000' }), '127.0.0.1')).toMatchObject({ status: 400, code: 'BAD_REQUEST' })
  })
  it('hostnameOf reads IPv6 and ports', () => {
    expect(hostnameOf('[::1]:3000')).toBe('::1')
    expect(hostnameOf('LOCALHOST:80')).toBe('localhost')
    expect(hostnameOf(undefined)).toBeUndefined()
    expect(hostnameOf('bad host')).toBeUndefined()
  })
})
