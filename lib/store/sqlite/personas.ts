import type Database from 'better-sqlite3'
import type { PersonaStore } from '../contract'
import { personaSchema, type PersonaRecord } from '../model/persona'
import type { Gate } from './gate'

interface PersonaRow {
  id: string
  label: string
  description: string
  kind: PersonaRecord['kind']
  claims: string | null
}

/** Owns the SQL for personas (contract: PersonaStore). */
export class SqlitePersonas implements PersonaStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly gate: Gate,
  ) {}

  list(workspaceId: string): Promise<PersonaRecord[]> {
    return this.gate.run(() => {
      const rows = this.db
        .prepare(`SELECT id, label, description, kind, claims FROM personas WHERE workspace_id = ? ORDER BY created_at, rowid`)
        .all(workspaceId) as PersonaRow[]
      return rows.map((r) => ({ ...r, claims: r.claims === null ? null : (JSON.parse(r.claims) as Record<string, unknown>) }))
    })
  }

  /** Inserts or replaces a persona by id. */
  upsert(workspaceId: string, persona: PersonaRecord): Promise<PersonaRecord> {
    return this.gate.run(() => {
      const p = personaSchema.parse(persona)
      this.db
        .prepare(
          `INSERT INTO personas (workspace_id, id, label, description, kind, claims, created_at)
           VALUES (@workspaceId, @id, @label, @description, @kind, @claims, @createdAt)
           ON CONFLICT (workspace_id, id) DO UPDATE SET
             label = excluded.label, description = excluded.description, kind = excluded.kind, claims = excluded.claims`,
        )
        .run({
          workspaceId,
          ...p,
          claims: p.claims === null ? null : JSON.stringify(p.claims),
          createdAt: this.now().toISOString(),
        })
      return p
    })
  }

  remove(workspaceId: string, id: string): Promise<boolean> {
    return this.gate.run(() => this.db.prepare(`DELETE FROM personas WHERE workspace_id = ? AND id = ?`).run(workspaceId, id).changes > 0)
  }
}
