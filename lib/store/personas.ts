import type Database from 'better-sqlite3'
import { personaSchema, type PersonaRecord } from './model/persona'

export { personaKinds, personaSchema, type PersonaRecord } from './model/persona'

interface PersonaRow {
  id: string
  label: string
  description: string
  kind: PersonaRecord['kind']
  claims: string | null
}

export class PersonaRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  list(workspaceId: string): PersonaRecord[] {
    const rows = this.db
      .prepare(`SELECT id, label, description, kind, claims FROM personas WHERE workspace_id = ? ORDER BY created_at, rowid`)
      .all(workspaceId) as PersonaRow[]
    return rows.map((r) => ({ ...r, claims: r.claims === null ? null : (JSON.parse(r.claims) as Record<string, unknown>) }))
  }

  /** Inserts or replaces a persona by id. */
  upsert(workspaceId: string, persona: PersonaRecord): PersonaRecord {
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
  }

  remove(workspaceId: string, id: string): boolean {
    return this.db.prepare(`DELETE FROM personas WHERE workspace_id = ? AND id = ?`).run(workspaceId, id).changes > 0
  }
}
