import { describe, expect, it } from 'vitest'
import { builtInLiveUrl, checkLiveUrl, isBuiltInUrl } from '@/components/live/live-url'

describe('builtInLiveUrl', () => {
  it.each([
    [{ protocol: 'http:', host: '127.0.0.1:3000' }, 'ws://127.0.0.1:3000/api/live/ws'],
    [{ protocol: 'https:', host: 'studio.example' }, 'wss://studio.example/api/live/ws'],
  ])('%j -> %s', (location, url) => expect(builtInLiveUrl(location)).toBe(url))
})

describe('checkLiveUrl', () => {
  it.each([
    ['  ws://localhost:3000/api/live/ws ', { ok: true, url: 'ws://localhost:3000/api/live/ws' }],
    ['wss://app.example/live?room=a', { ok: true, url: 'wss://app.example/live?room=a' }],
    ['', { ok: false, error: 'Enter a ws:// or wss:// URL.' }],
    ['not a url', { ok: false, error: 'That is not a valid URL.' }],
    ['http://localhost:3000/api/live/ws', { ok: false, error: 'Use a ws:// or wss:// URL.' }],
    ['ws://localhost/api/live/ws?token=abc', { ok: false, error: 'Remove “token” from the URL: tokens are sent only inside the AUTH message.' }],
    ['ws://localhost/api/live/ws?access_token=abc', { ok: false, error: 'Remove “access_token” from the URL: tokens are sent only inside the AUTH message.' }],
  ])('%j', (text, result) => expect(checkLiveUrl(text)).toEqual(result))
})

describe('isBuiltInUrl', () => {
  const here = { protocol: 'http:', host: '127.0.0.1:3000' }
  it.each([
    ['ws://127.0.0.1:3000/api/live/ws', true],
    ['ws://127.0.0.1:3001/api/live/ws', false],
    ['wss://127.0.0.1:3000/api/live/ws', false],
    ['garbage', false],
  ])('%s -> %s', (url, builtIn) => expect(isBuiltInUrl(url, here)).toBe(builtIn))
})
