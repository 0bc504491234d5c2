'use client'

import { useEffect } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { JwtSection } from './jwt-section'
import { MappingSection } from './mapping-section'
import { ProfileSection } from './profile-section'
import { ServerFacts } from './server-facts'
import type { FormField } from './settings-model'
import { useSettings, type SaveFeedback } from './use-settings'

const LABELS: Readonly<Record<FormField, string>> = {
  profile: 'ordering profile', algorithms: 'algorithms', issuer: 'issuer', audience: 'audience', clockToleranceS: 'clock tolerance', requireExp: 'expiry requirement',
  maxTokenAgeS: 'max token age', idClaim: 'id claim', rolesClaim: 'roles claim', permissionsClaim: 'permissions claim',
  fields: 'renamed fields', passThrough: 'pass-through',
}

/** The /settings page body: edit, see what changed, save (button or Ctrl/⌘+S). */
export function SettingsEditor() {
  const { loaded, form, errors, feedback, changed, update, save, revert } = useSettings()
  const dirty = changed.length > 0

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        void save()
      }
    }
    // Leaving with unsaved edits asks first.
    const onLeave = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('beforeunload', onLeave)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('beforeunload', onLeave)
    }
  }, [save, dirty])

  if (loaded.phase === 'loading' || (loaded.phase === 'ready' && !form)) return <p className="text-sm text-muted" aria-busy="true">Loading the settings…</p>
  if (loaded.phase === 'error' || !form) return <Notice tone="deny" role="alert">Could not load the settings: {loaded.phase === 'error' ? loaded.error : 'unknown error'}</Notice>

  return (
    <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); void save() }} aria-describedby="settings-scope" noValidate>
      <p id="settings-scope" className="text-sm text-muted">
        Settings of workspace <span className="font-mono text-ink">{loaded.data.workspaceId}</span>, used by the live server and the decision matrix.
      </p>
      <ProfileSection value={form.profile} onChange={(profile) => update({ profile })} />
      <JwtSection form={form} errors={errors} update={update} />
      <MappingSection form={form} errors={errors} update={update} />
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-line bg-panel px-4 py-3 shadow-sm">
        <Button type="submit" variant="primary" disabled={!dirty || feedback.kind === 'saving'} aria-keyshortcuts="Control+S Meta+S">
          {feedback.kind === 'saving' ? 'Saving…' : 'Save settings'}
        </Button>
        <Button onClick={revert} disabled={!dirty || feedback.kind === 'saving'}>Discard changes</Button>
        <span className="hidden text-xs text-muted sm:inline" aria-hidden="true">
          or <kbd className="rounded border border-line px-1 font-mono">Ctrl</kbd>+<kbd className="rounded border border-line px-1 font-mono">S</kbd>
        </span>
        <p className="text-sm text-muted" data-testid="dirty-state" aria-live="polite">
          {dirty ? `Unsaved changes: ${changed.map((f) => LABELS[f]).join(', ')}` : 'No unsaved changes'}
        </p>
        <FeedbackLine feedback={feedback} />
      </div>
      <ServerFacts facts={loaded.data.server} />
    </form>
  )
}

function FeedbackLine({ feedback }: { feedback: SaveFeedback }) {
  if (feedback.kind === 'saved') {
    return (
      <Notice tone={feedback.warning ? 'warn' : 'allow'} role="status" className="ml-auto py-1" data-testid="save-feedback">
        {feedback.warning ?? 'Saved. The live server uses these settings for new mounts.'}
      </Notice>
    )
  }
  if (feedback.kind === 'error') return <Notice tone="deny" role="alert" className="ml-auto py-1" data-testid="save-feedback">{feedback.message}</Notice>
  return null
}
