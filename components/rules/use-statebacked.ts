'use client'

/** The simulator's data: the saved version's machines (again after every save) and the personas. */
import { useCallback, useEffect, useState } from 'react'
import { fetchPersonas, type PersonaView } from '@/components/live/studio-api'
import type { MachinesResponse, SimRequestBody, SimResponse } from '@/lib/api/workspace'
import { fetchMachines, simulate } from './rules-api'

type Remote<T> = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; value: T }
export type SimRun = { status: 'idle' } | { status: 'running' } | { status: 'error'; error: string } | { status: 'done'; value: SimResponse; title: string }

export function useStateBacked(savedTick: number) {
  const [machines, setMachines] = useState<Remote<MachinesResponse>>({ status: 'loading' })
  const [personas, setPersonas] = useState<Remote<PersonaView[]>>({ status: 'loading' })
  const [run, setRun] = useState<SimRun>({ status: 'idle' })

  useEffect(() => {
    let cancelled = false
    void fetchMachines().then((res) => {
      if (!cancelled) setMachines(res.ok ? { status: 'ready', value: res.value } : { status: 'error', error: res.error })
    })
    return () => {
      cancelled = true
    }
  }, [savedTick])

  useEffect(() => {
    let cancelled = false
    void fetchPersonas().then((res) => {
      if (!cancelled) setPersonas(res.ok ? { status: 'ready', value: res.value } : { status: 'error', error: res.error })
    })
    return () => {
      cancelled = true
    }
  }, [])

  const execute = useCallback(async (body: SimRequestBody, title: string) => {
    setRun({ status: 'running' })
    const res = await simulate(body)
    setRun(res.ok ? { status: 'done', value: res.value, title } : { status: 'error', error: res.error })
  }, [])

  return { machines, personas, run, execute }
}
