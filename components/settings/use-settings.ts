'use client'

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { settingsResponseSchema, type SettingsResponse, type WorkspaceSettings } from '@/lib/api/settings'
import { changedFields, fromForm, toForm, type FormErrors, type SettingsForm } from './settings-model'
import { announceSettingsChanged, onSettingsChanged } from './settings-signal'

export type SaveFeedback =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly warning?: string }
  | { readonly kind: 'error'; readonly message: string }

type Loaded = { readonly phase: 'loading' } | { readonly phase: 'error'; readonly error: string } | { readonly phase: 'ready'; readonly data: SettingsResponse }

async function request(init?: RequestInit): Promise<{ ok: true; value: SettingsResponse } | { ok: false; error: string }> {
  let res: Response
  try {
    res = await fetch('/api/workspace/settings', { cache: 'no-store', ...init })
  } catch {
    return { ok: false, error: 'The studio server is not reachable.' }
  }
  const body: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const message = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : `The server answered ${res.status}.`
    return { ok: false, error: message }
  }
  const parsed = settingsResponseSchema.safeParse(body)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: 'Unexpected answer from the settings API.' }
}

const put = (settings: WorkspaceSettings): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) })

/** Loads the settings, keeps the edited form apart from the saved one, and saves it. */
export function useSettings() {
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' })
  const [form, setForm] = useState<SettingsForm | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [feedback, setFeedback] = useState<SaveFeedback>({ kind: 'idle' })
  // The saved values as a form, for listeners set up once.
  const savedRef = useRef<SettingsForm | null>(null)

  useEffect(() => {
    let live = true
    void request().then((r) => {
      if (!live) return
      setLoaded(r.ok ? { phase: 'ready', data: r.value } : { phase: 'error', error: r.error })
      if (r.ok) setForm(toForm(r.value.settings))
    })
    // Saved in another tab: show what is stored now; edits not yet saved here stay in the form.
    const stop = onSettingsChanged((_change, fromOtherTab) => {
      if (!fromOtherTab) return
      void request().then((r) => {
        if (!live || !r.ok) return
        const before = savedRef.current
        setForm((f) => (f === null || before === null || changedFields(f, before).length === 0 ? toForm(r.value.settings) : f))
        setLoaded({ phase: 'ready', data: r.value })
      })
    })
    return () => {
      live = false
      stop()
    }
  }, [])

  const saved = useMemo(() => (loaded.phase === 'ready' ? toForm(loaded.data.settings) : null), [loaded])
  useEffect(() => {
    savedRef.current = saved
  }, [saved])
  const changed = form && saved ? changedFields(form, saved) : []

  const update = useCallback((patch: Partial<SettingsForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setFeedback((fb) => (fb.kind === 'saving' ? fb : { kind: 'idle' }))
  }, [])

  const save = useCallback(async () => {
    if (!form) return
    const checked = fromForm(form)
    setErrors(checked.ok ? {} : checked.errors)
    if (!checked.ok) return setFeedback({ kind: 'error', message: 'Fix the highlighted fields; nothing was saved.' })
    setFeedback({ kind: 'saving' })
    const r = await request(put(checked.value))
    if (!r.ok) return setFeedback({ kind: 'error', message: `Not saved: ${r.error}` })
    setLoaded({ phase: 'ready', data: r.value })
    setForm(toForm(r.value.settings))
    setFeedback({ kind: 'saved', ...(r.value.reloadError ? { warning: r.value.reloadError } : {}) })
    // Every open page that shows or uses the settings (Live, the Rules matrix, other tabs) reloads them.
    announceSettingsChanged({ workspaceId: r.value.workspaceId, profile: r.value.settings.profile })
  }, [form])

  const revert = useCallback(() => {
    if (saved) setForm(saved)
    setErrors({})
    setFeedback({ kind: 'idle' })
  }, [saved])

  return { loaded, form, errors, feedback, changed, update, save, revert }
}
