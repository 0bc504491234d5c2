import { Badge, Notice } from '@/components/ui/notice'
import type { DecodedView } from '@/lib/api/tokens'

const PART_LABELS = ['header', 'payload', 'signature', 'part 4', 'part 5']

/** Header and payload as far as they could be read, and where the token breaks. */
export function DecodedPanes({ decoded }: { decoded: DecodedView }) {
  return (
    <div className="space-y-3">
      {decoded.unsecured && (
        <Notice tone="deny" role="alert" className="border-2 font-semibold">
          ⚠ alg is {JSON.stringify(decoded.alg)}: this token is UNSECURED. Anyone can forge it; no verifier in the studio accepts it.
        </Notice>
      )}
      <div className="grid gap-3 2xl:grid-cols-2">
        <Pane title="Header" testId="decoded-header" value={decoded.header} text={decoded.headerText} colour="text-rose-600 dark:text-rose-400" />
        <Pane title="Payload" testId="decoded-payload" value={decoded.payload} text={decoded.payloadText} colour="text-violet-600 dark:text-violet-400" />
      </div>
      <p className="flex flex-wrap gap-2 text-xs text-muted">
        <Badge>{decoded.kind.toUpperCase()}</Badge>
        {decoded.alg && <Badge tone={decoded.unsecured ? 'deny' : 'info'}>alg {decoded.alg}</Badge>}
        {decoded.kid && <Badge>kid {decoded.kid}</Badge>}
        {decoded.signatureBytes !== undefined && <Badge>signature {decoded.signatureBytes} bytes</Badge>}
      </p>
      {decoded.issues.length > 0 && (
        <Notice tone="deny" aria-label="Where the token breaks">
          <p className="font-medium">Where it breaks</p>
          <ul className="mt-1 list-disc pl-5 text-xs">
            {decoded.issues.map((issue, index) => (
              <li key={index}>
                {issue.part !== null && <span className="font-mono">[{PART_LABELS[issue.part] ?? `part ${issue.part + 1}`}] </span>}
                {issue.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {decoded.warnings.length > 0 && (
        <ul className="space-y-1 text-xs text-warn">
          {decoded.warnings.map((warning) => (
            <li key={warning}>⚠ {warning}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Pane({ title, value, text, colour, testId }: { title: string; value?: Readonly<Record<string, unknown>>; text?: string; colour: string; testId: string }) {
  return (
    <section aria-label={title} className="min-w-0">
      <h3 className={`mb-1 text-xs font-semibold uppercase tracking-wide ${colour}`}>{title}</h3>
      <pre tabIndex={0} data-testid={testId} className="max-h-80 overflow-auto rounded-md border border-line bg-surface p-3 font-mono text-xs leading-relaxed">
        {value ? JSON.stringify(value, null, 2) : text !== undefined ? text : <span className="text-muted">(could not be read)</span>}
      </pre>
    </section>
  )
}
