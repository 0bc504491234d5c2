import { describe, expect, it } from 'vitest'
import { badPercentEncoding, checkRequestTarget } from '@/lib/server/request-target'

describe('checkRequestTarget', () => {
  it.each([
    ['/', { pathname: '/', search: '', originForm: '/' }],
    ['/api/health?x=1', { pathname: '/api/health', search: '?x=1', originForm: '/api/health?x=1' }],
    ['/api/keys/a%2Fb/export', { pathname: '/api/keys/a%2Fb/export', search: '', originForm: '/api/keys/a%2Fb/export' }],
    ['/api/keys/%C3%A9', { pathname: '/api/keys/%C3%A9', search: '', originForm: '/api/keys/%C3%A9' }],
    // The path as sent: `//x/y` is not a host named x.
    ['//x/api/health', { pathname: '//x/api/health', search: '', originForm: '//x/api/health' }],
    ['http://127.0.0.1:3000/api/health?a=b', { pathname: '/api/health', search: '?a=b', originForm: '/api/health?a=b' }],
    ['HTTPS://example.test/', { pathname: '/', search: '', originForm: '/' }],
  ])('accepts %s', (target, expected) => {
    expect(checkRequestTarget(target)).toEqual({ ok: true, ...expected })
  })

  it.each([
    ['http://[', 'The request target "http://[" is not a valid URL.'],
    ['http://x:99999/', 'The request target "http://x:99999/" is not a valid URL.'],
    ['//[', 'The request target "//[" is not a valid path.'],
    ['*', 'The request target "*" (asterisk form) is not served here; request a path such as /api/health.'],
    ['example.test:443', 'The request target "example.test:443" must be a path starting with "/" (or an http:// URL).'],
    ['', 'The request has no target; request a path such as /api/health.'],
    [undefined, 'The request has no target; request a path such as /api/health.'],
    ['/api/workspaces/%ff/jwks.json', 'The path segment "%ff" is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).'],
    ['/api/keys/%E0%A4%A/export', 'The path segment "%E0%A4%A" is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).'],
    ['/api/decisions/%E0%A4%A', 'The path segment "%E0%A4%A" is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).'],
    ['http://x/%zz', 'The path segment "%zz" is not valid percent-encoding (a "%" must be followed by two hex digits that form UTF-8).'],
  ])('refuses %j', (target, message) => {
    expect(checkRequestTarget(target)).toEqual({ ok: false, message })
  })

  it('cuts long input short in its message', () => {
    const result = checkRequestTarget(`http://[${'a'.repeat(500)}`)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message.length).toBeLessThan(140)
  })
})

describe('badPercentEncoding', () => {
  it.each([
    ['/a/b', undefined],
    ['/a%20b/%E2%82%AC', undefined],
    ['/a/%', '%'],
    ['/a/%4', '%4'],
    ['/a/%C3', '%C3'],
    ['/ok/%E0%A4%A/x', '%E0%A4%A'],
  ])('%s -> %s', (pathname, bad) => {
    expect(badPercentEncoding(pathname)).toBe(bad)
  })
})
