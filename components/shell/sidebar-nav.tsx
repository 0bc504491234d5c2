'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { cn } from '@/lib/utils'
import { navItems } from './nav-items'

export function SidebarNav() {
  const pathname = usePathname()
  return (
    <nav aria-label="Studio pages" className="flex flex-col gap-1 p-3">
      {navItems.map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href)
        return (
          <Link
            key={item.href}
            href={item.href}
            prefetch={item.prefetch}
            aria-current={active ? 'page' : undefined}
            title={item.description}
            className={cn(
              'rounded-md px-3 py-2 text-sm font-medium transition',
              active ? 'bg-accent/10 text-accent' : 'text-muted hover:bg-surface hover:text-ink',
            )}
          >
            {item.label}
          </Link>
        )
      })}
    </nav>
  )
}
