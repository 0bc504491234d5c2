'use client'

import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { Tabs, tabPanelProps, type TabItem } from '@/components/ui/tabs'
import { api } from './api'
import { DecodeTab } from './decode-tab'
import { GenerateTab } from './generate-tab'
import { KeysTab } from './keys-tab'
import { useResource } from './use-resource'

type TabId = 'generate' | 'decode' | 'keys'
const TABS: readonly TabItem<TabId>[] = [
  { id: 'generate', label: 'Generate' },
  { id: 'decode', label: 'Decode & verify' },
  { id: 'keys', label: 'Keys' },
]
const isTab = (value: string | null): value is TabId => TABS.some((tab) => tab.id === value)

/** The three tabs; the selected one lives in `?tab=` (the token never does). */
export function TokensLab() {
  const params = useSearchParams()
  const router = useRouter()
  const pathname = usePathname()
  const requested = params.get('tab')
  const tab: TabId = isTab(requested) ? requested : 'generate'
  const [keys, reloadKeys] = useResource(api.listKeys)
  // Handed from Generate to Decode in memory only: a token must not reach the URL or history.
  const [decodeInput, setDecodeInput] = useState('')

  const select = (id: TabId) => {
    const next = new URLSearchParams(params)
    next.set('tab', id)
    router.replace(`${pathname}?${next.toString()}`, { scroll: false })
  }

  return (
    <div className="space-y-4">
      <Tabs items={TABS} value={tab} onChange={select} label="Token lab" prefix="tokens" />
      <div {...tabPanelProps('tokens', tab)} className="focus-visible:ring-offset-0">
        {tab === 'generate' && (
          <GenerateTab
            keys={keys}
            reloadKeys={reloadKeys}
            onOpenKeys={() => select('keys')}
            onDecode={(token) => {
              setDecodeInput(token)
              select('decode')
            }}
          />
        )}
        {tab === 'decode' && <DecodeTab token={decodeInput} onTokenChange={setDecodeInput} />}
        {tab === 'keys' && <KeysTab keys={keys} reload={reloadKeys} />}
      </div>
    </div>
  )
}
