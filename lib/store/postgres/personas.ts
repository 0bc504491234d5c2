/** Personas of a workspace on Postgres (contract: PersonaStore). */
import type { PersonaStore } from '../contract'
import { personaSchema, type PersonaRecord } from '../model/persona'
import type { Db } from './pool'

interface PersonaRow {
  id: string
  label: string
  description: string
  kind: PersonaRecord['kind']
  claims: string | null
}

export class PostgresPersonas implements PersonaStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async list(workspaceId: string): Promise<PersonaRecord[]> {
    const rows = await this.db.query<PersonaRow>(`SELECT id, label, description, kind, claims::text AS claims FROM personas
      WHERE workspace_id = $1 ORDER BY created_at, seq`, [workspaceId], 'personas_list')
    return rows.map((r) => ({ ...r, claims: r.claims === null ? null : (JSON.parse(r.claims) as Record<string, unknown>) }))
  }

  /** Replacing keeps the persona's place (created_at and seq are not touched). */
  async upsert(workspaceId: string, persona: PersonaRecord): Promise<PersonaRecord> {
    const p = personaSchema.parse(persona)
    await this.db.query(`INSERT INTO personas (workspace_id, id, label, description, kind, claims, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (workspace_id, id) DO UPDATE SET label = excluded.label, description = excluded.description, kind = excluded.kind, claims = excluded.claims`,
    [workspaceId, p.id, p.label, p.description, p.kind, p.claims === null ? null : JSON.stringify(p.claims), this.now()])
    return p
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM personas WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id])).length > 0
  }
}
