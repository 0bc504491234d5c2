'use client'

/** Matrix and rule-test results of the saved version, refreshed after every save. */
import { useCallback, useEffect, useState } from 'react'
import type { MatrixResponse, TestsResponse } from '@/lib/api/workspace'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { remoteOf, type Remote } from '@/lib/api/remote'
import { fetchMatrix, fetchTests, postTest, putTests } from './rules-api'
import { useMatrixPayloads } from './matrix-payloads'
import { useSettingsTick } from '@/components/settings/settings-signal'


/** `workspaceId`: the workspace the page loaded; writes are refused if the studio switched since. */
export function useAnalysis(savedTick: number, workspaceId: string | undefined) {
  const [matrix, setMatrix] = useState<Remote<MatrixResponse>>({ status: 'loading' })
  const [tests, setTests] = useState<Remote<TestsResponse>>({ status: 'loading' })
  const [running, setRunning] = useState(false)

  const applyTests = useCallback((res: Awaited<ReturnType<typeof fetchTests>>) => {
    setRunning(false)
    setTests(remoteOf(res))
  }, [])
  const runTests = useCallback(async () => {
    setRunning(true)
    applyTests(await fetchTests())
  }, [applyTests])
  // The matrix's action columns are decided with the payloads kept for this workspace in the
  // browser, so it waits for the page to know its workspace (the files load first and fast).
  const columnPayloads = useMatrixPayloads(workspaceId)
  const payloads = columnPayloads.payloads
  // A settings save (the ordering profile, the claim mapping) changes decisions too.
  const settingsTick = useSettingsTick()
  const wanted = `${savedTick}|${settingsTick}|${columnPayloads.signature}`
  // Busy while the matrix shown was computed for another save or other payloads.
  const [answered, setAnswered] = useState<string | undefined>()
  const matrixBusy = workspaceId !== undefined && answered !== wanted

  // Every save runs the matrix and the tests again; a payload edit only the matrix.
  useEffect(() => {
    if (workspaceId === undefined) return
    let cancelled = false
    void fetchMatrix(payloads, workspaceId).then((res) => {
      if (cancelled) return
      setMatrix(remoteOf(res))
      setAnswered(wanted)
    })
    return () => {
      cancelled = true
    }
  }, [wanted, payloads, workspaceId])
  useEffect(() => {
    let cancelled = false
    void fetchTests().then((res) => !cancelled && applyTests(res))
    return () => {
      cancelled = true
    }
  }, [savedTick, settingsTick, applyTests])

  /** Stores a new test list and runs it; resolves with an error message or undefined. */
  const storeTests = useCallback(async (next: readonly RuleTest[]): Promise<string | undefined> => {
    setRunning(true)
    const res = await putTests(next, workspaceId)
    setRunning(false)
    if (!res.ok) return res.error
    setTests({ status: 'ready', value: res.value })
    return undefined
  }, [workspaceId])

  /** Adds one test on the server (tests saved elsewhere meanwhile are kept); resolves with an error message or undefined. */
  const addTest = useCallback(async (test: RuleTest): Promise<string | undefined> => {
    setRunning(true)
    const res = await postTest(test, workspaceId)
    setRunning(false)
    if (!res.ok) return res.error
    setTests({ status: 'ready', value: res.value })
    return undefined
  }, [workspaceId])

  return { matrix, matrixBusy, columnPayloads, tests, running, runTests, storeTests, addTest }
}

export type Analysis = ReturnType<typeof useAnalysis>
