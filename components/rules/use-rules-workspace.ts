'use client'

/**
 * State of the rule studio: the saved workspace, the draft being edited (kept
 * in localStorage until saved), the active file, draft diagnostics and save.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ProblemView, WorkspaceDoc } from '@/lib/api/workspace'
import { changedPaths, clearDraft, draftKey, type Files, parseDraft, readDraft, rebaseDraft, sameFiles, writeDraft } from './draft-store'
import { otherTabAction } from './other-tab'
import { fetchDiagnostics, fetchVersion, fetchWorkspace, saveWorkspace } from './rules-api'
import type { VersionProblemView } from './save-check'

export type LoadState = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready' }

export interface RestoredNotice {
  readonly baseVersion: number
  readonly savedAt: number
  /** Files changed both in the draft and in the versions saved since its base (the draft's side was kept). */
  readonly conflicts: readonly string[]
}

const storage = () => (typeof window === 'undefined' ? undefined : window.localStorage)

/** Another tab of this browser changed (or saved / discarded) this workspace's draft while this one has edits. */
export type OtherTabNotice = 'changed' | 'cleared'

type Loaded = { ok: false; error: string } | { ok: true; ws: WorkspaceDoc; draft: Files; restored?: RestoredNotice }

/**
 * The saved workspace and the draft to edit: a draft kept in this browser is
 * restored, re-applied onto the current version when it was made on an older
 * one (so saving it never undoes a newer save of files it did not touch).
 */
async function loadWorkspace(): Promise<Loaded> {
  const res = await fetchWorkspace()
  if (!res.ok) return res
  const ws = res.value
  const stored = storage() ? readDraft(window.localStorage, ws.workspaceId) : undefined
  if (stored === undefined || sameFiles(stored.files, ws.files)) return { ok: true, ws, draft: ws.files }
  const notice = { baseVersion: stored.baseVersion, savedAt: stored.savedAt }
  if (stored.baseVersion === ws.version) return { ok: true, ws, draft: stored.files, restored: { ...notice, conflicts: [] } }
  const base = await fetchVersion(stored.baseVersion)
  if (!base.ok) return { ok: false, error: `Your unsaved changes were made on version ${stored.baseVersion}, which could not be read to merge them (${base.error}). Try again.` }
  const { files, conflicts } = rebaseDraft(base.value.files, stored.files, ws.files)
  return { ok: true, ws, draft: files, restored: { ...notice, conflicts } }
}

function firstFile(files: Files): string | undefined {
  const paths = Object.keys(files).sort()
  return paths.find((p) => p.startsWith('auth/')) ?? paths[0]
}

export function useRulesWorkspace() {
  const [load, setLoad] = useState<LoadState>({ status: 'loading' })
  const [doc, setDoc] = useState<WorkspaceDoc | undefined>()
  const [draft, setDraft] = useState<Files>({})
  const [active, setActive] = useState<string | undefined>()
  const [restored, setRestored] = useState<RestoredNotice | undefined>()
  const [problems, setProblems] = useState<ProblemView[]>([])
  const [checking, setChecking] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | undefined>()
  const [savedTick, setSavedTick] = useState(0)
  /** Bumped whenever the draft is replaced from outside the editor (load, discard, rename, composer, import). */
  const [revision, setRevision] = useState(0)
  const [otherTab, setOtherTab] = useState<OtherTabNotice | undefined>()
  /**
   * The draft as of the latest edit, ahead of the next render: a save pressed
   * right after a keystroke must store that keystroke. Every change of the
   * draft goes through `putDraft`, which keeps this and the state in step.
   */
  const draftRef = useRef<Files>(draft)
  const putDraft = useCallback((files: Files) => {
    draftRef.current = files
    setDraft(files)
  }, [])
  /** The files last taken from another tab (this tab then has no edits of its own until it diverges). */
  const followedRef = useRef<Files | undefined>(undefined)
  /** The studio's diagnostics and the files they were found in (the save check reuses them when nothing changed since). */
  const checkedRef = useRef<{ files: Files; problems: ProblemView[] } | undefined>(undefined)

  const apply = useCallback((loaded: Loaded) => {
    if (!loaded.ok) return setLoad({ status: 'error', error: loaded.error })
    const { ws, draft: files } = loaded
    followedRef.current = undefined
    setDoc(ws)
    putDraft(files)
    setRevision((r) => r + 1)
    setRestored(loaded.restored)
    setActive((cur) => (cur !== undefined && Object.hasOwn(files, cur) ? cur : firstFile(files)))
    setLoad({ status: 'ready' })
  }, [putDraft])

  const reload = useCallback(async () => {
    setLoad({ status: 'loading' })
    setOtherTab(undefined)
    apply(await loadWorkspace())
  }, [apply])
  const reloadRef = useRef(reload)
  useEffect(() => {
    reloadRef.current = reload
  })

  useEffect(() => {
    let cancelled = false
    void loadWorkspace().then((res) => !cancelled && apply(res))
    return () => {
      cancelled = true
    }
  }, [apply])

  // Persist the draft (debounced) so a reload keeps unsaved work.
  useEffect(() => {
    if (!doc) return
    // A draft taken from another tab is stored already; writing it back later could overwrite that tab's newer one.
    if (followedRef.current !== undefined && sameFiles(draft, followedRef.current)) return
    const timer = setTimeout(() => {
      const s = storage()
      if (s) writeDraft(s, doc.workspaceId, doc.files, draft, doc.version, Date.now())
    }, 250)
    return () => clearTimeout(timer)
  }, [doc, draft])

  // Studio diagnostics of the draft (debounced; the server loads it in a throwaway sandbox).
  useEffect(() => {
    if (!doc || Object.keys(draft).length === 0) return
    let cancelled = false
    const timer = setTimeout(async () => {
      setChecking(true)
      const files = { ...draft }
      const res = await fetchDiagnostics(files)
      if (cancelled) return
      setChecking(false)
      if (res.ok) {
        checkedRef.current = { files, problems: res.value.problems }
        setProblems(res.value.problems)
      } else setProblems([{ file: '(workspace)', severity: 'error', code: 'load', message: res.error }])
    }, 500)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [doc, draft])

  const dirty = useMemo(() => (doc ? changedPaths(doc.files, draft) : { added: [], modified: [], removed: [] }), [doc, draft])
  const isDirty = dirty.added.length + dirty.modified.length + dirty.removed.length > 0

  const editFile = useCallback((path: string, text: string) => {
    const d = draftRef.current
    if (d[path] !== text) putDraft({ ...d, [path]: text })
  }, [putDraft])

  const replaceFiles = useCallback((files: Files, open?: string) => {
    putDraft(files)
    setRevision((r) => r + 1)
    setActive((cur) => open ?? (cur !== undefined && Object.hasOwn(files, cur) ? cur : firstFile(files)))
  }, [putDraft])

  // Several tabs on one workspace share its stored draft: follow the other tab while
  // this one has no edits of its own, otherwise say so and let the user choose.
  useEffect(() => {
    if (!doc) return
    const key = draftKey(doc.workspaceId)
    const onStorage = (e: StorageEvent) => {
      if (e.storageArea !== window.localStorage || (e.key !== key && e.key !== null)) return
      const theirs = e.newValue === null ? undefined : parseDraft(e.newValue)
      const action = otherTabAction({ mine: draftRef.current, saved: doc.files, savedVersion: doc.version, followed: followedRef.current, theirs })
      switch (action.kind) {
        case 'ignore':
          return
        case 'follow':
          // Typing in the other tab: follow its draft in place.
          followedRef.current = action.files
          return replaceFiles(action.files)
        case 'reload':
          return void reloadRef.current()
        case 'notice-changed':
          return setOtherTab('changed')
        case 'check-saved':
          // Cleared: when the other tab saved exactly these edits, adopt the save quietly.
          return void fetchWorkspace().then((res) => {
            if (res.ok && res.value.workspaceId === doc.workspaceId && sameFiles(res.value.files, draftRef.current)) void reloadRef.current()
            else setOtherTab('cleared')
          })
      }
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [doc, replaceFiles])

  /**
   * The studio's diagnostics of `files`: those found last when they were made
   * for these very files, else asked now. Undefined when the server could not tell.
   */
  const studioProblemsOf = useCallback(async (files: Files): Promise<ProblemView[] | undefined> => {
    const checked = checkedRef.current
    if (checked && sameFiles(checked.files, files)) return checked.problems
    const res = await fetchDiagnostics({ ...files })
    if (!res.ok) return undefined
    checkedRef.current = { files, problems: res.value.problems }
    return res.value.problems
  }, [])

  /** The draft as of the latest keystroke. */
  const currentFiles = useCallback((): Files => draftRef.current, [])

  /** Saves the draft as a new version; `problems`: the errors the user chose to save it with (History marks it broken). */
  const save = useCallback(async (message?: string, problems?: readonly VersionProblemView[]): Promise<boolean> => {
    if (!doc) return false
    setSaving(true)
    setSaveError(undefined)
    const files = { ...draftRef.current }
    const res = await saveWorkspace({
      files, baseVersion: doc.version, workspaceId: doc.workspaceId, ...(message ? { message } : {}), ...(problems && problems.length > 0 ? { problems: [...problems] } : {}),
    })
    setSaving(false)
    if (!res.ok) {
      setSaveError(res.error)
      return false
    }
    const next: WorkspaceDoc = { ...doc, version: res.value.version, files, updatedAt: res.value.createdAt }
    followedRef.current = undefined
    setDoc(next)
    setRestored(undefined)
    const s = storage()
    if (s) clearDraft(s, doc.workspaceId)
    if (res.value.loadError) setSaveError(res.value.loadError)
    setSavedTick((t) => t + 1)
    return true
  }, [doc])

  /** After a restore on the server: adopt the new current version, dropping the draft. */
  const adoptSaved = useCallback(async () => {
    if (doc && storage()) clearDraft(window.localStorage, doc.workspaceId)
    await reload()
    setSavedTick((t) => t + 1)
  }, [doc, reload])

  const discardDraft = useCallback(() => {
    if (!doc) return
    const s = storage()
    if (s) clearDraft(s, doc.workspaceId)
    replaceFiles(doc.files)
    setRestored(undefined)
  }, [doc, replaceFiles])

  /** Keep this tab's edits: store them again (the other tab is told in turn). */
  const keepMine = useCallback(() => {
    setOtherTab(undefined)
    const s = storage()
    if (s && doc) writeDraft(s, doc.workspaceId, doc.files, draftRef.current, doc.version, Date.now())
  }, [doc])

  return {
    otherTab, keepMine,
    load, doc, draft, revision, active, setActive, restored, dismissRestored: () => setRestored(undefined), problems, checking,
    dirty, isDirty, editFile, replaceFiles, save, saving, saveError, savedTick, adoptSaved, discardDraft, reload, studioProblemsOf, currentFiles,
  }
}

export type RulesWorkspace = ReturnType<typeof useRulesWorkspace>
