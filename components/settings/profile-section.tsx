import type { ReactNode } from 'react'
import { Card, CardTitle } from '@/components/ui/card'
import type { SettingsProfile } from '@/lib/api/settings'
import { cn } from '@/lib/utils'

const OPTIONS: readonly { id: SettingsProfile; title: string; summary: string }[] = [
  { id: 'documented', title: 'Documented order', summary: 'The order the FluxStack Live documentation describes (the studio default).' },
  { id: 'fluxstack-live@0.11', title: 'fluxstack-live@0.11', summary: 'The order the real library runs in version 0.11.' },
]

/**
 * The ordering profile as a radio group (arrow keys move between the two options);
 * `saved` marks the one in force, `preview` shows under the options what choosing the other changes.
 */
export function ProfileSection({ value, saved, onChange, preview }: { value: SettingsProfile; saved: SettingsProfile; onChange: (p: SettingsProfile) => void; preview?: ReactNode }) {
  return (
    <Card aria-labelledby="profile-title">
      <CardTitle id="profile-title">Ordering profile</CardTitle>
      <fieldset>
        <legend className="sr-only">Ordering profile</legend>
        <div className="grid gap-3 md:grid-cols-2">
          {OPTIONS.map((o) => (
            <label
              key={o.id}
              className={cn(
                'flex cursor-pointer gap-3 rounded-md border p-3 text-sm transition focus-within:ring-2 focus-within:ring-accent/60',
                value === o.id ? 'border-accent bg-accent/10' : 'border-line hover:bg-surface',
              )}
            >
              <input type="radio" name="profile" value={o.id} checked={value === o.id} onChange={() => onChange(o.id)} className="mt-0.5 accent-accent" aria-describedby={`profile-${o.id}-summary`} />
              <span>
                <span className="block font-mono font-semibold">
                  {o.title}
                  {saved === o.id && <span className="ml-2 rounded border border-line px-1 py-px font-sans text-[11px] font-medium text-muted">in force</span>}
                </span>
                <span id={`profile-${o.id}-summary`} className="block text-muted">{o.summary}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {preview}
      <p className="mt-3 text-sm leading-relaxed text-muted" id="profile-explanation">
        Both profiles run the same layers for a CALL_ACTION; they differ in order. The documented order first checks the blocklist,
        private-method prefixes and the <code className="font-mono text-ink">publicActions</code> whitelist, and only then{' '}
        <code className="font-mono text-ink">actionAuth[action]</code> (roles, permissions, authorize) and the provider. The real
        library (fluxstack-live 0.11) evaluates <code className="font-mono text-ink">actionAuth[action]</code> before the other action
        layers, so an action that is not in <code className="font-mono text-ink">publicActions</code> but has an{' '}
        <code className="font-mono text-ink">actionAuth</code> entry is decided, and its reason reported, by that entry instead of the
        whitelist. Pick the profile of the server you deploy to; the change applies to components mounted after saving.
      </p>
    </Card>
  )
}
