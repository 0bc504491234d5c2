import { cn } from '@/lib/utils'
import { explainClose, isCleanClose } from './close-codes'
import type { Activity, ConnectionView } from './connection-model'
import { formatClock } from './frame-log-model'

const DOT: Record<ConnectionView['status'], string> = {
  idle: 'bg-muted',
  connecting: 'bg-warn animate-pulse',
  open: 'bg-allow',
  closed: 'bg-deny',
}

/** Status, connection id, and for a closed socket what its close code means. */
export function StatusLine({ view }: { view: ConnectionView }) {
  const text = { idle: 'Not connected', connecting: 'Connecting…', open: 'Open', closed: 'Closed' }[view.status]
  return (
    <div className="min-w-0 space-y-1 text-sm" role="status" data-testid="connection-status">
      <p className="flex flex-wrap items-center gap-2">
        <span aria-hidden="true" className={cn('h-2 w-2 rounded-full', DOT[view.status], view.status === 'closed' && isCleanClose(view.closeCode) && 'bg-muted')} />
        <span className="font-medium">{text}</span>
        {view.status === 'closed' && view.closeCode !== undefined && <span className="font-mono text-xs text-muted">code {view.closeCode}</span>}
        {view.connectionId && <span className="font-mono text-xs text-muted">id {view.connectionId}</span>}
      </p>
      {view.status === 'closed' && <p className={cn('text-xs', isCleanClose(view.closeCode) ? 'text-muted' : 'text-deny')}>{explainClose(view.closeCode, view.closeReason)}</p>}
    </div>
  )
}

const TONE: Record<Activity['tone'], string> = { allow: 'text-allow', deny: 'text-deny', info: 'text-muted' }
const MARK: Record<Activity['tone'], string> = { allow: '✓', deny: '✕', info: '•' }

/** The answers this connection received, newest first; new ones are announced. */
export function ActivityFeed({ activity }: { activity: readonly Activity[] }) {
  return (
    <section aria-label="Answers" className="space-y-1">
      <h3 className="text-sm font-semibold">Answers</h3>
      <ol className="max-h-40 space-y-0.5 overflow-auto text-xs" aria-live="polite" aria-relevant="additions" data-testid="activity">
        {activity.length === 0 && <li className="text-muted">Nothing yet.</li>}
        {activity.map((a) => (
          <li key={a.id} className="flex gap-2">
            <span className="font-mono text-muted">{formatClock(a.at)}</span>
            <span aria-hidden="true" className={TONE[a.tone]}>{MARK[a.tone]}</span>
            <span className="sr-only">{a.tone === 'allow' ? 'success:' : a.tone === 'deny' ? 'failure:' : ''}</span>
            <span className="min-w-0 break-words">{a.text}</span>
          </li>
        ))}
      </ol>
    </section>
  )
}
