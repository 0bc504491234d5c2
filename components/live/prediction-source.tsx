'use client'

import { useId } from 'react'
import { Select } from '@/components/ui/field'
import type { Agreement } from '@/components/trace/compare'

export type PredictWith = 'saved' | 'draft'

/**
 * Which rules the studio predicts external servers' answers with: the saved
 * workspace, or the unsaved draft the user is editing in /rules (to see what
 * a change would make the real app decide differently).
 */
export function PredictionSource({ value, onChange, version, hasDraft }: { value: PredictWith; onChange: (v: PredictWith) => void; version: number | undefined; hasDraft: boolean }) {
  const id = useId()
  return (
    <div className="flex items-center gap-2 text-xs text-muted">
      <label htmlFor={id}>Predictions for external servers use</label>
      <Select id={id} className="w-auto py-1 text-xs" value={value} onChange={(e) => onChange(e.target.value === 'draft' ? 'draft' : 'saved')}>
        <option value="saved">the saved workspace{version !== undefined ? ` (v${version})` : ''}</option>
        <option value="draft" disabled={!hasDraft}>the unsaved draft in Rules{hasDraft ? '' : ' (none)'}</option>
      </Select>
    </div>
  )
}

/** "12 compared: 11 agree, 1 differs": the predicted-vs-observed tally of the page. */
export function AgreementSummary({ agreements }: { agreements: readonly Agreement['status'][] }) {
  if (agreements.length === 0) return null
  const count = (s: Agreement['status']) => agreements.filter((a) => a === s).length
  const differ = count('disagree')
  return (
    <p className="text-xs" role="status" data-testid="agreement-summary" data-differences={differ}>
      <span className="font-medium">Predicted vs observed:</span> {agreements.length} compared — {count('agree')} agree,{' '}
      <span className={differ > 0 ? 'font-semibold text-deny' : ''}>{differ} {differ === 1 ? 'differs' : 'differ'}</span>
      {count('inconclusive') > 0 && <>, {count('inconclusive')} inconclusive</>}
    </p>
  )
}
