/** Misuse or an unusable database file: thrown, with a stable code. */
export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_CORRUPT' | 'STORE_UNREADABLE' | 'STORE_NOT_FOUND' | 'STORE_INVALID',
    message: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}
