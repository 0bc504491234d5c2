import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { StoreError } from '../errors'

export const DATABASE_FILE = 'studio.sqlite'

function explain(file: string, what: string): string {
  return (
    `The studio database ${file} cannot be used: ${what}. ` +
    `It was left untouched. Move it aside (mv "${file}" "${file}.bak") or point STUDIO_DATA_DIR ` +
    `at another folder, then start the studio again.`
  )
}

/**
 * Opens (or creates) the SQLite file in `dataDir` in WAL mode and proves it is
 * readable before anything writes to it, so a corrupt file is refused, never
 * overwritten.
 */
export function openDatabase(dataDir: string): { db: Database.Database; file: string } {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.resolve(dataDir, DATABASE_FILE)
  const existed = fs.existsSync(file)
  if (existed) {
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK)
    } catch {
      throw new StoreError('STORE_UNREADABLE', explain(file, 'it is not readable and writable by this user'))
    }
  }
  let db: Database.Database | undefined
  try {
    db = new Database(file, { fileMustExist: false })
    // Reading the schema fails with SQLITE_NOTADB / SQLITE_CORRUPT on a damaged file.
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get()
    if (existed) {
      const check = db.pragma('quick_check', { simple: true })
      if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' })
    }
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 2000')
    return { db, file }
  } catch (error) {
    db?.close()
    const code = (error as { code?: string }).code ?? ''
    const message = error instanceof Error ? error.message : String(error)
    if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
      throw new StoreError('STORE_CORRUPT', explain(file, `it is not a valid SQLite database (${message})`))
    }
    throw new StoreError('STORE_UNREADABLE', explain(file, message))
  }
}
