'use client'

/**
 * Save with a check first: the draft's studio diagnostics and the editor's
 * TypeScript errors are asked for (or reused when they were found in exactly
 * these files); a draft with errors waits for the user's choice (the dialog),
 * and a version saved anyway carries its errors (History marks it broken).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ProblemView } from '@/lib/api/workspace'
import { checkedFiles, checkFiles, type TypeCheck } from '@/components/editor/type-problems'
import { mergeProblems } from './problems-model'
import { blockingProblems, errorSummary, versionProblemsOf } from './save-check'
import type { RulesWorkspace } from './use-rules-workspace'

/** Rounds of checking while the user keeps typing during a check (the newest draft is checked each time). */
const CHECK_ROUNDS = 3

export function useGuardedSave(ws: Pick<RulesWorkspace, 'problems' | 'save' | 'saving' | 'currentFiles' | 'studioProblemsOf'>) {
  const { save, saving, currentFiles, studioProblemsOf } = ws
  /** The editor's TypeScript errors, with the files they were found in. */
  const [typeCheck, setTypeCheck] = useState<TypeCheck | undefined>()
  const typeCheckRef = useRef(typeCheck)
  useEffect(() => {
    typeCheckRef.current = typeCheck
  })
  /** Studio diagnostics and TypeScript errors, errors first. */
  const problems = useMemo(() => mergeProblems(ws.problems, typeCheck?.problems ?? []), [ws.problems, typeCheck])
  /** The errors a save stopped at, while the dialog asks what to do. */
  const [gate, setGate] = useState<readonly ProblemView[] | undefined>()
  const [checking, setChecking] = useState(false)
  const checkingRef = useRef(false)
  /** The last save was made anyway, with these errors ("1 load error"). */
  const [brokenSave, setBrokenSave] = useState<string | undefined>()

  /** Checks the draft and saves it, or opens the dialog when it has errors. */
  const requestSave = useCallback(async () => {
    if (saving || gate !== undefined || checkingRef.current) return
    checkingRef.current = true
    setChecking(true)
    try {
      let files = currentFiles()
      let errors: ProblemView[] = []
      for (let round = 0; round < CHECK_ROUNDS; round++) {
        const known = typeCheckRef.current
        const [studio, types] = await Promise.all([studioProblemsOf(files), checkedFiles(known, files) ? known?.problems : checkFiles(files)])
        errors = blockingProblems(mergeProblems(studio ?? [], types ?? []))
        if (currentFiles() === files) break
        files = currentFiles()
      }
      if (errors.length > 0) return setGate(errors)
      if (await save()) setBrokenSave(undefined)
    } finally {
      checkingRef.current = false
      setChecking(false)
    }
  }, [save, saving, gate, currentFiles, studioProblemsOf])

  /** "Save anyway": the version is saved with the errors the dialog showed. */
  const saveAnyway = useCallback(async () => {
    const errors = gate ?? []
    setGate(undefined)
    if (await save(undefined, versionProblemsOf(errors))) setBrokenSave(errorSummary(errors))
  }, [gate, save])

  /** "Keep editing": closes the dialog; resolves with the errors it showed (to jump to the first). */
  const keepEditing = useCallback((): readonly ProblemView[] => {
    const errors = gate ?? []
    setGate(undefined)
    return errors
  }, [gate])

  return {
    problems, setTypeCheck, gate, checking, brokenSave, dismissBrokenSave: () => setBrokenSave(undefined), requestSave, saveAnyway, keepEditing,
  }
}
