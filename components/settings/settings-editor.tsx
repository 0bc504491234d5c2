'use client'

import { useCallback, useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/notice'
import { JwtSection } from './jwt-section'
import { MappingSection } from './mapping-section'
import { ProfileConfirmDialog } from './profile-confirm-dialog'
import { ProfilePreview } from './profile-preview'
import { ProfileSection } from './profile-section'
import { ServerFacts } from './server-facts'
import { fromForm, type FormField } from './settings-model'
import { useProfilePreview } from './use-profile-preview'
import { useSettings, type SaveFeedback } from './use-settings'

const LABELS: Readonly<Record<FormField, string>> = {
  profile: 'ordering profile', algorithms: 'algorithms', issuer: 'issuer', audience: 'audience', clockToleranceS: 'clock tolerance', requireExp: 'expiry requirement',
  maxTokenAgeS: 'max token age', idClaim: 'id claim', rolesClaim: 'roles claim', permissionsClaim: 'permissions claim',
  fields: 'renamed fields', passThrough: 'pass-through',
}

/**
 * The /settings page body: edit, see what changed, save (button or Ctrl/⌘+S).
 * Choosing the other ordering profile shows at once which decisions it changes;
 * saving a profile switch asks for confirmation first.
 */
export function SettingsEditor() {
  const { loaded, form, errors, feedback, changed, update, save, revert } = useSettings()
  const dirty = changed.length > 0
  const data = loaded.phase === 'ready' ? loaded.data : undefined
  const savedProfile = data?.settings.profile
  const { preview, retry, payloadCount } = useProfilePreview(data?.workspaceId, savedProfile, form?.profile)
  const [confirming, setConfirming] = useState(false)
  const switching = form !== null && savedProfile !== undefined && form.profile !== savedProfile

  // A valid profile switch is confirmed first; anything else saves (or shows its errors) at once.
  const requestSave = useCallback(() => {
    if (switching && form !== null && fromForm(form).ok) setConfirming(true)
    else void save()
  }, [switching, form, save])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        if (!confirming) requestSave()
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
  }, [requestSave, confirming, dirty])

  if (loaded.phase === 'loading' || (loaded.phase === 'ready' && !form)) return <p className="text-sm text-muted" aria-busy="true">Loading the settings…</p>
  if (loaded.phase === 'error' || !form) return <Notice tone="deny" role="alert">Could not load the settings: {loaded.phase === 'error' ? loaded.error : 'unknown error'}</Notice>

  return (
    <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); requestSave() }} aria-describedby="settings-scope" noValidate>
      <p id="settings-scope" className="text-sm text-muted">
        Settings of workspace <span className="font-mono text-ink">{loaded.data.workspaceId}</span>, used by the live server and the decision matrix.
      </p>
      <ProfileSection
        value={form.profile}
        saved={loaded.data.settings.profile}
        onChange={(profile) => update({ profile })}
        preview={<ProfilePreview preview={preview} from={loaded.data.settings.profile} payloadCount={payloadCount} onRetry={retry} />}
      />
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
      {confirming && (
        <ProfileConfirmDialog
          from={loaded.data.settings.profile}
          to={form.profile}
          preview={preview}
          others={changed.filter((f) => f !== 'profile').map((f) => LABELS[f]).join(', ')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void save()
          }}
        />
      )}
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
