/**
 * COPY ... FROM STDIN through node-postgres without another package: a "submittable" that
 * answers the server's CopyInResponse with the whole text-format payload at once. COPY is
 * Postgres's fastest way in: no SQL per row, no JSON to parse, the least bytes on the wire
 * (loopback throughput, not the server, bounds batch writes on small machines).
 */
import type pg from 'pg'

/** The parts of node-postgres's connection a COPY uses. */
interface CopyConnection {
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
}

class CopyIn {
  readonly done: Promise<void>
  private finish!: (error?: unknown) => void

  constructor(
    readonly text: string,
    private readonly payload: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.finish = (error?: unknown) => (error === undefined ? resolve() : reject(error))
    })
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text)
  }

  handleCopyInResponse(connection: CopyConnection): void {
    if (this.payload.length > 0) connection.sendCopyFromChunk(this.payload)
    connection.endCopyFrom()
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  /** Terminal: node-postgres detaches the query before reporting a server error or a lost connection. */
  handleError(error: unknown): void {
    this.finish(error)
  }

  handleReadyForQuery(): void {
    this.finish()
  }
}

/** Runs `COPY <target> FROM STDIN` with `payload` (text format, one line per row) on `client`. */
export function copyIn(client: pg.ClientBase, target: string, payload: string): Promise<void> {
  const copy = new CopyIn(`COPY ${target} FROM STDIN`, Buffer.from(payload, 'utf8'))
  ;(client as unknown as { query(submittable: CopyIn): void }).query(copy)
  return copy.done
}
