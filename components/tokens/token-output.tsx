'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { Card, CardTitle } from '@/components/ui/card'
import { CopyButton } from '@/components/ui/copy-button'
import { Tabs, tabPanelProps, type TabItem } from '@/components/ui/tabs'
import type { TokenProfile } from '@/lib/api/tokens'
import { SavePersona } from './save-persona'
import { fluxstackSnippet, joseSnippet, stateBackedSnippet, type SnippetInput } from './snippets'
import { TokenLegend, TokenParts } from './token-parts'

type SnippetId = 'jose' | 'statebacked' | 'fluxstack'
const SNIPPETS: readonly TabItem<SnippetId>[] = [
  { id: 'jose', label: 'jose (Node)' },
  { id: 'statebacked', label: '@statebacked/token' },
  { id: 'fluxstack', label: 'FluxStack client' },
]

/** The minted token, copy buttons, copy-as-code snippets and "save as persona". */
export function TokenOutput({ token, snippet, profile, onDecode }: { token: string; snippet: SnippetInput; profile: TokenProfile; onDecode: () => void }) {
  const [which, setWhich] = useState<SnippetId>(profile === 'statebacked' ? 'statebacked' : 'jose')
  const code = which === 'jose' ? joseSnippet(snippet) : which === 'statebacked' ? stateBackedSnippet(snippet) : fluxstackSnippet()
  return (
    <Card aria-labelledby="minted-title" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <CardTitle id="minted-title">Token</CardTitle>
        <div className="flex gap-2">
          <CopyButton text={token} label="Copy token" />
          <Button onClick={onDecode}>Decode this token</Button>
        </div>
      </div>
      <TokenParts token={token} />
      <TokenLegend />
      <div className="space-y-2">
        <Tabs items={SNIPPETS} value={which} onChange={setWhich} label="Copy as code" prefix="snippet" />
        <div {...tabPanelProps('snippet', which)} className="relative">
          <pre className="overflow-x-auto rounded-md border border-line bg-surface p-3 pr-20 font-mono text-xs leading-relaxed">{code}</pre>
          <CopyButton text={code} label="Copy code" className="absolute right-2 top-2 px-2 py-1 text-xs" />
        </div>
      </div>
      <SavePersona claims={snippet.claims} />
    </Card>
  )
}
