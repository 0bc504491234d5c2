'use client'

import { useState, type Ref } from 'react'
import { Button } from '@/components/ui/button'
import { CardTitle } from '@/components/ui/card'
import { CopyButton } from '@/components/ui/copy-button'
import { Notice } from '@/components/ui/notice'
import { Tabs, tabPanelProps, type TabItem } from '@/components/ui/tabs'
import { stateBackedSubWarning } from './claims-model'
import { SavePersona } from './save-persona'
import { snippetCode, snippetsFor, type SnippetId, type SnippetInput } from './snippets'
import { TokenLegend, TokenParts } from './token-parts'

const SNIPPET_LABELS: Readonly<Record<SnippetId, string>> = { statebacked: '@statebacked/token', jose: 'jose (Node)', fluxstack: 'FluxStack client' }
const PROFILE_LABELS: Readonly<Record<SnippetInput['profile'], string>> = { generic: 'Generic JWT', fluxstack: 'FluxStack session', statebacked: 'State Backed' }

/**
 * The minted token, copy buttons, copy-as-code snippets and "save as persona".
 * Focusable (tabIndex -1): the Generate tab moves focus here after signing.
 */
export function TokenOutput({ token, snippet, onDecode, ref }: { token: string; snippet: SnippetInput; onDecode: () => void; ref?: Ref<HTMLElement> }) {
  const available = snippetsFor(snippet.profile)
  const [which, setWhich] = useState<SnippetId>(available[0] ?? 'jose')
  const tabs: readonly TabItem<SnippetId>[] = available.map((id) => ({ id, label: SNIPPET_LABELS[id] }))
  const code = snippetCode(which, snippet)
  // signToken signs a missing or empty sub without a word; the page does not stay silent.
  const subWarning = snippet.profile === 'statebacked' ? stateBackedSubWarning(snippet.claims) : null
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="minted-title"
      aria-describedby="minted-profile"
      data-testid="minted-token"
      className="scroll-mt-20 space-y-3 rounded-lg border border-line bg-panel p-4 shadow-sm outline-none focus:ring-2 focus:ring-accent/70"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-baseline gap-2">
          <CardTitle id="minted-title">Token</CardTitle>
          <span id="minted-profile" className="text-xs text-muted">
            {PROFILE_LABELS[snippet.profile]} profile
          </span>
        </div>
        <div className="flex gap-2">
          <CopyButton text={token} label="Copy token" />
          <Button onClick={onDecode}>Decode this token</Button>
        </div>
      </div>
      {subWarning && (
        <Notice tone="warn" data-testid="minted-sub-warning">
          <span className="font-medium">Check sub.</span> {subWarning} signToken signs such a token without a word.
        </Notice>
      )}
      <TokenParts token={token} />
      <TokenLegend />
      <div className="space-y-2">
        <Tabs items={tabs} value={which} onChange={setWhich} label="Copy as code" prefix="snippet" />
        <div {...tabPanelProps('snippet', which)} className="relative">
          <pre tabIndex={0} className="overflow-x-auto rounded-md border border-line bg-surface p-3 pr-20 font-mono text-xs leading-relaxed">{code}</pre>
          <CopyButton text={code} label="Copy code" className="absolute right-2 top-2 px-2 py-1 text-xs" />
        </div>
      </div>
      <SavePersona claims={snippet.claims} />
    </section>
  )
}
