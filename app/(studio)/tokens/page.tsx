import type { Metadata } from 'next'
import { Suspense } from 'react'
import { TokensLab } from '@/components/tokens/tokens-lab'

export const metadata: Metadata = { title: 'Tokens' }

export default function TokensPage() {
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Tokens</h1>
        <p className="mt-1 text-sm text-muted">
          Mint tokens from personas, decode and verify any JWT at a chosen instant, and manage the workspace&apos;s signing keys. Decoding and
          verifying with a pasted key happen in this page only.
        </p>
      </div>
      <Suspense fallback={<p className="text-sm text-muted">Loading the token lab…</p>}>
        <TokensLab />
      </Suspense>
    </div>
  )
}
