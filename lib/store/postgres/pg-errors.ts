/**
 * What a node-postgres error means for a caller. A refused or lost connection, a server
 * shutting down or starting up, or a timeout is STORE_UNAVAILABLE (retry later); a unique
 * violation is STORE_CONFLICT; anything else keeps its message. StoreErrors pass through.
 */
import { isStoreError, StoreError } from '../errors'

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up / shutting down), 53300 too_many_connections.
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300'])

/** SQLSTATE (or Node error code) of an error, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** True when `error` says the server cannot be reached or went away (class 08 connection exceptions included). */
export function isUnavailable(error: unknown): boolean {
  if (isStoreError(error, 'STORE_UNAVAILABLE')) return true
  const code = errorCode(error)
  if (code && (NETWORK_CODES.has(code) || SERVER_GONE.has(code) || code.startsWith('08'))) return true
  const message = error instanceof Error ? error.message : ''
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly|connect ECONNREFUSED/i.test(message)
}

export function toStoreError(error: unknown, location: string): unknown {
  if (isStoreError(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  if (isUnavailable(error)) {
    return new StoreError('STORE_UNAVAILABLE', `The Postgres store at ${location} is unavailable (${message}); the request was not carried out. Retry once the database is back.`)
  }
  // 57014 query_canceled: the statement timeout fired.
  if (errorCode(error) === '57014') return new StoreError('STORE_UNAVAILABLE', `The Postgres store at ${location} did not answer in time (${message}).`)
  return error
}
