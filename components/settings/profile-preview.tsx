'use client'

/**
 * The decisions a profile switch changes, shown as soon as the other profile is
 * chosen and before anything is saved: grouped by target, verdict changes first.
 */
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Badge, Notice } from '@/components/ui/notice'
import { cn } from '@/lib/utils'
import { groupChanges, previewSummary, type ChangeGroup, type Outcome } from './profile-preview-model'
import type { Preview } from './use-profile-preview'

/** Groups shown before "Show all". */
const FIRST = 8

export function ProfilePreview({ preview, from, payloadCount, onRetry }: { preview: Preview; from: string; payloadCount: number; onRetry: () => void }) {
  const [all, setAll] = useState(false)
  if (preview.phase === 'none') return null
  const groups = preview.phase === 'ready' ? groupChanges(preview.value.changes) : []
  const shown = all ? groups : groups.slice(0, FIRST)
  return (
    <section aria-labelledby="profile-preview-title" data-testid="profile-preview" className="mt-3 rounded-md border border-accent/40 bg-accent/5 p-3">
      <h3 id="profile-preview-title" className="text-sm font-semibold">
        What switching to <span className="font-mono">{preview.to}</span> changes
      </h3>
      <div aria-live="polite" className="mt-1 space-y-2">
        {preview.phase === 'loading' && (
          <p role="status" className="text-sm text-muted">Deciding every persona × mount and action under both profiles…</p>
        )}
        {preview.phase === 'error' && (
          <Notice tone="deny" role="alert" className="flex flex-wrap items-center gap-2">
            <span>Could not work out what the switch changes: {preview.error}</span>
            <Button variant="ghost" className="ml-auto" onClick={onRetry}>Try again</Button>
          </Notice>
        )}
        {preview.phase === 'ready' && <p className="text-sm" data-testid="profile-preview-summary">{previewSummary(preview.value)}</p>}
      </div>
      {shown.length > 0 && (
        <ul className="mt-2 space-y-2" aria-label="Decisions that change">
          {shown.map((g) => <GroupItem key={`${g.target}|${g.before.decidedBy ?? ''}|${g.after.decidedBy ?? ''}|${g.after.reason ?? ''}`} group={g} from={from} to={preview.to} />)}
        </ul>
      )}
      {groups.length > FIRST && (
        <Button variant="ghost" className="mt-1" onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${groups.length} groups of changes`}
        </Button>
      )}
      <p className="mt-2 text-xs text-muted">
        Nothing changes until you save.{payloadCount > 0 ? ` Actions are called with the ${payloadCount === 1 ? 'payload' : `${payloadCount} payloads`} set in the Rules matrix.` : ''}
      </p>
    </section>
  )
}

function GroupItem({ group, from, to }: { group: ChangeGroup; from: string; to: string }) {
  return (
    <li className="rounded-md border border-line bg-panel px-3 py-2 text-sm" data-testid="profile-change">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono font-medium">{group.target}</span>
        {!group.listed && <Badge title="An actionAuth entry for an action that is not in publicActions: not a matrix column">not in publicActions</Badge>}
        {group.verdictChanges && <Badge tone="warn">verdict changes</Badge>}
      </div>
      <p className="mt-0.5 text-xs text-muted">
        {group.personas.map((p) => (p.unreachable ? `${p.label} (cannot mount ${group.component}: never gets this far)` : p.label)).join(', ')}
      </p>
      <dl className="mt-1.5 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted">now <span className="font-mono">{from}</span></dt>
        <dd><OutcomeLine outcome={group.before} /></dd>
        <dt className="text-muted">after <span className="font-mono">{to}</span></dt>
        <dd><OutcomeLine outcome={group.after} /></dd>
      </dl>
    </li>
  )
}

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  const allow = outcome.verdict === 'allow'
  return (
    <span className="break-words">
      <span className={cn('font-semibold', allow ? 'text-allow' : 'text-deny')}>{allow ? '✓ ALLOW' : '✕ DENY'}</span>
      {outcome.decidedBy && <> by <span className="font-mono">{outcome.decidedBy}</span></>}
      {outcome.reason && <>: {outcome.reason}</>}
    </span>
  )
}
