/**
 * better-sqlite3 runs every statement synchronously on one connection, so an
 * async transaction (BEGIN, awaits, COMMIT) would take in whatever other
 * callers ran on that connection meanwhile. The gate makes them wait until the
 * transaction ends; with no transaction open, `run` calls `fn` at once (in the
 * caller's tick, so the order of calls is the order of statements).
 */
export interface Gate {
  run<T>(fn: () => T): Promise<T>
}

export class SqliteGate implements Gate {
  private held: Promise<void> | undefined

  async run<T>(fn: () => T): Promise<T> {
    while (this.held) await this.held
    return fn()
  }

  /** Runs `fn` alone: every other `run` and `exclusive` waits until it settles. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.held) await this.held
    let release = () => {}
    this.held = new Promise<void>((resolve) => {
      release = resolve
    })
    try {
      return await fn()
    } finally {
      this.held = undefined
      release()
    }
  }
}

/** The gate of calls made inside the transaction itself: they run at once. */
export const INSIDE_TRANSACTION: Gate = {
  run: async <T>(fn: () => T): Promise<T> => fn(),
}

/** A UNIQUE / PRIMARY KEY violation (an id already taken). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE')
}
