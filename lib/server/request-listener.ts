/**
 * The HTTP request listener's safety net: nothing thrown while answering a
 * request may escape into Node (a stack trace, then no answer until the
 * client gives up). Bad input that slipped past the checks (an undecodable
 * URL, cookie or parameter) becomes a 400, anything else a generic 500; the
 * operator's log gets the error's name and message, the client never a stack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

const NO_STORE = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const

/** Answers `{ error, message }` as JSON. */
export function answerJson(res: ServerResponse, status: number, error: string, message: string, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify({ error, message })
  res.writeHead(status, { ...NO_STORE, 'content-length': String(Buffer.byteLength(body)), ...headers })
  res.end(body)
}

/** True for the errors a malformed request provokes: URIError from decoding, ERR_INVALID_URL from `new URL()`. */
export function isBadInput(error: unknown): boolean {
  return error instanceof URIError || (error instanceof TypeError && (error as { code?: unknown }).code === 'ERR_INVALID_URL')
}

/** Answers a failure that escaped the handler, if the response can still carry one. */
export function answerFailure(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  const bad = isBadInput(error)
  if (!bad) log(`Request failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
  if (res.headersSent) {
    // Half an answer is all the client can get; closing tells it so.
    res.destroy()
    return
  }
  if (bad) answerJson(res, 400, 'BAD_REQUEST', 'The request could not be read (a malformed URL, cookie or parameter encoding).')
  else answerJson(res, 500, 'INTERNAL', 'The studio could not complete this request.')
}

/**
 * Wraps a request listener so a synchronous throw or a rejected promise
 * becomes an answer instead of an uncaught exception.
 * @example server.on('request', guardListener(handle, log))
 */
export function guardListener(listener: RequestListener, log: (line: string) => void): (req: IncomingMessage, res: ServerResponse) => void {
  const fail = (res: ServerResponse, error: unknown) => {
    try {
      answerFailure(res, error, log)
    } catch {
      res.destroy()
    }
  }
  return (req, res) => {
    try {
      const pending = listener(req, res)
      if (pending) pending.catch((error: unknown) => fail(res, error))
    } catch (error) {
      fail(res, error)
    }
  }
}
