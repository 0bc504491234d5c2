'use client'

import { useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Field, Input, Select } from '@/components/ui/field'
import { DECISION_KINDS } from '@/lib/api/decisions'
import { EMPTY_FORM, type FilterForm } from './filter-form'

interface Facets {
  components: string[]
  actions: string[]
  layers: string[]
  personas: string[]
  versions: number[]
}

function useFacets(): Facets | undefined {
  const [facets, setFacets] = useState<Facets>()
  useEffect(() => {
    fetch('/api/decisions/facets', { cache: 'no-store' }).then((r) => (r.ok ? (r.json() as Promise<Facets>) : undefined)).then(setFacets, () => {})
  }, [])
  return facets
}

function Options({ id, values }: { id: string; values: readonly (string | number)[] | undefined }) {
  return <datalist id={id}>{values?.map((v) => <option key={String(v)} value={String(v)} />)}</datalist>
}

/** Every filter of the log; text fields apply as you type (the parent debounces). */
export function FiltersBar({ form, onChange, error }: { form: FilterForm; onChange: (form: FilterForm) => void; error?: { field: string; message: string } }) {
  const facets = useFacets()
  const set = (key: keyof FilterForm) => (e: { target: { value: string } }) => onChange({ ...form, [key]: e.target.value })
  const text = (key: keyof FilterForm, label: string, list?: string, placeholder?: string) => (
    <Field label={label} htmlFor={`f-${key}`} error={error?.field === key ? error.message : null}>
      <Input id={`f-${key}`} value={form[key]} onChange={set(key)} list={list} placeholder={placeholder} autoComplete="off" />
    </Field>
  )
  return (
    <form role="search" aria-label="Filter decisions" className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-6" onSubmit={(e) => e.preventDefault()}>
      <Field label="Verdict" htmlFor="f-verdict">
        <Select id="f-verdict" value={form.verdict} onChange={set('verdict')}>
          <option value="">Any</option>
          <option value="deny">Denied</option>
          <option value="allow">Allowed</option>
        </Select>
      </Field>
      <Field label="Kind" htmlFor="f-kind">
        <Select id="f-kind" value={form.kind} onChange={set('kind')}>
          <option value="">Any</option>
          {DECISION_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
        </Select>
      </Field>
      {text('component', 'Component', 'facet-components', 'AdminPanel')}
      {text('action', 'Action', 'facet-actions', 'deleteUser')}
      {text('decidedBy', 'Deciding layer', 'facet-layers', 'actionAuth.roles')}
      {text('persona', 'Persona', 'facet-personas', 'free-user')}
      {text('sessionId', 'Session id', undefined, 'u-free')}
      {text('workspaceVersion', 'Workspace version', 'facet-versions')}
      <Field label="From" htmlFor="f-from"><Input id="f-from" type="datetime-local" value={form.from} onChange={set('from')} /></Field>
      <Field label="To" htmlFor="f-to"><Input id="f-to" type="datetime-local" value={form.to} onChange={set('to')} /></Field>
      <div className="col-span-2">{text('text', 'Search reasons', undefined, 'Insufficient roles')}</div>
      <div className="col-span-2 flex items-end md:col-span-4 xl:col-span-6">
        <Button variant="ghost" onClick={() => onChange(EMPTY_FORM)}>Clear filters</Button>
      </div>
      <Options id="facet-components" values={facets?.components} />
      <Options id="facet-actions" values={facets?.actions} />
      <Options id="facet-layers" values={facets?.layers} />
      <Options id="facet-personas" values={facets?.personas} />
      <Options id="facet-versions" values={facets?.versions} />
    </form>
  )
}
