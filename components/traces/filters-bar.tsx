'use client'

import { Button } from '@/components/ui/button'
import { Field, Input, Select } from '@/components/ui/field'
import { useHydrated } from '@/components/ui/use-hydrated'
import { plural } from '@/lib/utils'
import { activeFilterCount, EMPTY_FORM, FILTER_FIELDS, selectOptions, type FilterField, type FilterForm } from './filter-form'
import type { Facets } from './use-facets'

type Error = { field: string; message: string }

/** A checkbox filter ('1' when checked), level with the bottom of the fields beside it. */
function Toggle({ id, label, hint, checked, onChange }: { id: string; label: string; hint: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const hydrated = useHydrated()
  return (
    <div className="flex min-w-0 flex-col justify-end pb-1.5">
      <label htmlFor={id} className="inline-flex items-center gap-2 text-sm" title={hint}>
        <input id={id} type="checkbox" className="h-4 w-4 shrink-0 accent-accent" checked={checked} disabled={!hydrated} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} />
        {label}
      </label>
      <span id={`${id}-hint`} className="sr-only">{hint}</span>
    </div>
  )
}

function Control({ field, form, onChange, facets, error }: { field: FilterField; form: FilterForm; onChange: (form: FilterForm) => void; facets: Facets | undefined; error: Error | undefined }) {
  const key = field.key as keyof FilterForm
  const id = `f-${key}`
  const set = (e: { target: { value: string } }) => onChange({ ...form, [key]: e.target.value })
  const c = field.control
  if (c.type === 'toggle') return <Toggle id={id} label={field.label} hint={c.hint} checked={form[key] !== ''} onChange={(on) => onChange({ ...form, [key]: on ? '1' : '' })} />
  const invalid = error?.field === key
  const described = invalid ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {}
  return (
    <Field label={field.label} htmlFor={id} error={invalid ? error.message : null} className={c.type === 'text' && c.wide ? 'col-span-2' : undefined}>
      {c.type === 'select' ? (
        <Select id={id} value={form[key]} onChange={set} {...described}>
          {selectOptions(c, c.facet ? facets?.[c.facet] : undefined, form[key]).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </Select>
      ) : c.type === 'datetime' ? (
        <Input id={id} type="datetime-local" value={form[key]} onChange={set} {...described} />
      ) : (
        <>
          <Input id={id} value={form[key]} onChange={set} list={c.facet ? `facet-${c.facet}` : undefined} placeholder={c.placeholder} autoComplete="off" {...described} />
          {c.facet && <datalist id={`facet-${c.facet}`}>{facets?.[c.facet].map((v) => <option key={String(v)} value={String(v)} />)}</datalist>}
        </>
      )}
    </Field>
  )
}

/** Every filter of the log (FILTER_FIELDS); they apply as you type (the parent debounces). */
export function FiltersBar({ form, onChange, facets, error }: { form: FilterForm; onChange: (form: FilterForm) => void; facets: Facets | undefined; error?: Error }) {
  const active = activeFilterCount(form)
  return (
    <form role="search" aria-label="Filter decisions" className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-6" onSubmit={(e) => e.preventDefault()}>
      {FILTER_FIELDS.map((field) => <Control key={field.key} field={field} form={form} onChange={onChange} facets={facets} error={error} />)}
      <div className="col-span-2 flex items-end gap-3 md:col-span-4 xl:col-span-6">
        <Button variant="ghost" onClick={() => onChange(EMPTY_FORM)} disabled={active === 0}>Clear filters</Button>
        <span className="pb-1.5 text-xs text-muted" data-testid="active-filters">{active === 0 ? 'No filter: every decision is listed.' : `${plural(active, 'filter')} set.`}</span>
      </div>
    </form>
  )
}
