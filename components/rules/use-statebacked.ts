'use client'

/** The simulator's data: the saved version's machines (again after every save) and the personas. */
import { useCallback, useState } from 'react'
import { fetchPersonas } from '@/components/live/studio-api'
import type { SimRequestBody, SimResponse } from '@/lib/api/workspace'
import { fetchMachines, simulate } from './rules-api'
import { useRemote } from '@/components/ui/use-remote'

export type SimRun = { status: 'idle' } | { status: 'running' } | { status: 'error'; error: string } | { status: 'done'; value: SimResponse; title: string }

export function useStateBacked(savedTick: number) {
  const machines = useRemote(fetchMachines, savedTick)
  const personas = useRemote(fetchPersonas)
  const [run, setRun] = useState<SimRun>({ status: 'idle' })

  const execute = useCallback(async (body: SimRequestBody, title: string) => {
    setRun({ status: 'running' })
    const res = await simulate(body)
    setRun(res.ok ? { status: 'done', value: res.value, title } : { status: 'error', error: res.error })
  }, [])

  return { machines, personas, run, execute }
}
