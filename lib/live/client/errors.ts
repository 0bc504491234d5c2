/** Misuse of the live client (not network outcomes, which are values). */
export type LiveClientErrorCode = 'ERR_NO_WEBSOCKET' | 'ERR_ALREADY_CONNECTED'

export class LiveClientError extends Error {
  override readonly name = 'LiveClientError'

  constructor(
    readonly code: LiveClientErrorCode,
    message: string,
  ) {
    super(message)
  }
}
