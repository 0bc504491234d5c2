'use client'

/** Matrix and rule-test results of the saved version, refreshed after every save. */
import { useCallback, useEffect, useState } from 'react'
import type { MatrixResponse, TestsResponse } from '@/lib/api/workspace'
import type { RuleTest } from '@/lib/rules/rule-tests'
import { remoteOf, type Remote } from '@/lib/api/remote'
import { fetchMatrix, fetchTests, postTest, putTests } from './rules-api'


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
  const applyMatrix = useCallback((res: Awaited<ReturnType<typeof fetchMatrix>>) => {
    setMatrix(remoteOf(res))
  }, [])


  // Every save runs the matrix and the tests again.
  useEffect(() => {
    let cancelled = false
    void fetchMatrix().then((res) => !cancelled && applyMatrix(res))
    void fetchTests().then((res) => !cancelled && applyTests(res))
    return () => {
      cancelled = true
    }
  }, [savedTick, applyMatrix, applyTests])

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

  return { matrix, tests, running, runTests, storeTests, addTest }
}

export type Analysis = ReturnType<typeof useAnalysis>
