import { describe, expect, it } from 'vitest'
import { explainClose, isCleanClose } from '@/components/live/close-codes'

describe('explainClose', () => {
  it.each([
    [1000, '', 'Closed normally.'],
    [1008, 'Origin not allowed', 'Policy violation: the server refused something this connection did (e.g. Origin not allowed, rate limit, too many components). Server said: “Origin not allowed”'],
    [1009, '', 'Message too big: a frame was larger than the server accepts (the studio caps frames at 64 KiB).'],
    [1011, '', 'The server hit an unexpected error while handling this connection.'],
    [1013, 'Client is not reading', 'Try again later: the server is overloaded, or closed this client because it was not reading its messages. Server said: “Client is not reading”'],
    [4001, 'unauthorized', 'Application close code 4001: defined by the server’s own code, not by the protocol. Server said: “unauthorized”'],
    [3000, '', 'Close code 3000 is registered for libraries and frameworks.'],
    [2000, '  ', 'Closed with code 2000.'],
  ])('%i %j', (code, reason, text) => expect(explainClose(code, reason)).toBe(text))

  it('explains 1006 as unreachable or refused', () => expect(explainClose(1006)).toMatch(/^The connection dropped without a closing handshake: the server is unreachable, refused the upgrade/))
  it('handles a missing code', () => expect(explainClose(undefined, 'bye')).toBe('Closed. Server said: “bye”'))

  it.each([
    [1000, true],
    [1001, true],
    [1006, false],
    [undefined, false],
  ])('isCleanClose(%s) = %s', (code, clean) => expect(isCleanClose(code)).toBe(clean))
})
