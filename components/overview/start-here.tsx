import Link from 'next/link'

const STEPS = [
  { n: 1, href: '/rules', title: 'Open the Rules editor', text: 'Edit auth/rules.ts and the components; the decision matrix shows which persona can mount and call what.' },
  { n: 2, href: '/tokens', title: 'Sign a token', text: 'Sign a token for a persona with the claims you choose, or decode and verify one you already have.' },
  { n: 3, href: '/live', title: 'Connect in Live', text: 'Authenticate, mount components and call actions on the built-in server.' },
] as const

/** Three steps for a newcomer, each a link to the page that does it. */
export function StartHere() {
  return (
    <section aria-labelledby="start-title" className="rounded-lg border border-line bg-panel p-4 shadow-sm" data-testid="start-here">
      <h2 id="start-title" className="mb-3 text-sm font-semibold uppercase tracking-wide text-muted">Start here</h2>
      <ol className="grid gap-3 md:grid-cols-3">
        {STEPS.map((s) => (
          <li key={s.n} className="flex gap-3 rounded-md border border-line bg-surface p-3">
            <span aria-hidden="true" className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-bold text-white dark:text-slate-950">{s.n}</span>
            <div className="min-w-0">
              {/* /rules preloads the editor: never prefetched (see nav-items). */}
              <Link href={s.href} prefetch={s.href === '/rules' ? false : null} className="font-medium text-accent underline-offset-2 hover:underline">
                {s.title}
              </Link>
              <p className="mt-1 text-sm text-muted">
                {s.text}
                {s.n === 3 && <> Then watch each decision, and why it was made, in <Link href="/traces" className="font-medium text-accent underline-offset-2 hover:underline">Traces</Link>.</>}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  )
}
