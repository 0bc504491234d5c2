import type { Metadata } from 'next'
import { SignInForm } from '@/components/shell/sign-in-form'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-line bg-panel p-6 shadow-sm">
        <h1 className="text-lg font-semibold">
          <span aria-hidden="true" className="text-accent">◆</span> Live Auth Studio
        </h1>
        <p className="mb-4 mt-1 text-sm text-muted">This studio is shared; sign in with its admin token.</p>
        <SignInForm next={next ?? '/'} />
      </div>
    </main>
  )
}
