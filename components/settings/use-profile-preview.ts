'use client'

/**
 * What switching the ordering profile would change, asked of the server
 * whenever the chosen profile differs from the saved one. The action columns
 * are decided with the payloads set in the Rules matrix for this workspace.
 */
import { useCallback, useEffect, useState } from 'react'
import { callApi, jsonRequest } from '@/lib/api/call'
import { profileCompareResponseSchema, type ProfileCompareResponse } from '@/lib/api/workspace'
import type { SettingsProfile } from '@/lib/api/settings'
import { useMatrixPayloads } from '@/components/rules/matrix-payloads'

export type Preview =
  | { readonly phase: 'none' }
  | { readonly phase: 'loading'; readonly to: SettingsProfile }
  | { readonly phase: 'error'; readonly to: SettingsProfile; readonly error: string }
  | { readonly phase: 'ready'; readonly to: SettingsProfile; readonly value: ProfileCompareResponse }

/** `saved`: the stored profile; `chosen`: the one in the form. No request while they are the same. */
export function useProfilePreview(workspaceId: string | undefined, saved: SettingsProfile | undefined, chosen: SettingsProfile | undefined) {
  const { payloads, signature } = useMatrixPayloads(workspaceId)
  const wanted = workspaceId !== undefined && saved !== undefined && chosen !== undefined && chosen !== saved ? chosen : undefined
  const [answer, setAnswer] = useState<{ key: string; preview: Preview } | undefined>()
  const [attempt, setAttempt] = useState(0)
  const key = `${workspaceId ?? ''}|${saved ?? ''}|${wanted ?? ''}|${signature}|${attempt}`

  useEffect(() => {
    if (wanted === undefined) return
    let live = true
    void callApi('/api/workspace/matrix/profiles', profileCompareResponseSchema, jsonRequest('POST', { to: wanted, payloads, workspaceId })).then((res) => {
      if (!live) return
      setAnswer({ key, preview: res.ok ? { phase: 'ready', to: wanted, value: res.value } : { phase: 'error', to: wanted, error: res.error } })
    })
    return () => {
      live = false
    }
  }, [key, wanted, payloads, workspaceId])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const preview: Preview = wanted === undefined
    ? { phase: 'none' }
    : answer?.key === key ? answer.preview : { phase: 'loading', to: wanted }
  return { preview, retry, payloadCount: Object.keys(payloads).length }
}
