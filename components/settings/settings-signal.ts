'use client'

/**
 * "The workspace settings changed": Settings announces a save, and every open
 * page that shows or uses them (the live tester's profile, the Rules matrix)
 * reloads. Pages of this tab hear it directly, other tabs of the studio through
 * a BroadcastChannel (same origin only; nothing leaves the browser).
 */
import { useEffect, useState } from 'react'
import type { SettingsProfile } from '@/lib/api/settings'

export interface SettingsChange {
  readonly workspaceId: string
  readonly profile: SettingsProfile
}

const CHANNEL = 'live-auth-studio:settings'

type Listener = (change: SettingsChange, fromOtherTab: boolean) => void
const listeners = new Set<Listener>()
let channel: BroadcastChannel | undefined

function isChange(value: unknown): value is SettingsChange {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v['workspaceId'] === 'string' && (v['profile'] === 'documented' || v['profile'] === 'fluxstack-live@0.11')
}

function open(): BroadcastChannel | undefined {
  if (channel || typeof BroadcastChannel === 'undefined') return channel
  channel = new BroadcastChannel(CHANNEL)
  channel.onmessage = (e: MessageEvent<unknown>) => {
    if (isChange(e.data)) for (const l of [...listeners]) l(e.data, true)
  }
  return channel
}

/** Tells this tab's pages and the studio's other tabs that the settings were saved. */
export function announceSettingsChanged(change: SettingsChange): void {
  for (const l of [...listeners]) l(change, false)
  try {
    open()?.postMessage(change)
  } catch {
    // A closed channel (page unloading) has nobody left to tell.
  }
}

/** Calls `listener` on every settings save, in this tab or another; returns the unsubscribe. */
export function onSettingsChanged(listener: Listener): () => void {
  listeners.add(listener)
  open()
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && channel) {
      channel.close()
      channel = undefined
    }
  }
}

/** A number that grows on every settings save (a dependency that refetches what the settings decide). */
export function useSettingsTick(): number {
  const [tick, setTick] = useState(0)
  useEffect(() => onSettingsChanged(() => setTick((t) => t + 1)), [])
  return tick
}
