/** Pages shown in the sidebar: a page is listed only once it works. */
export const navItems: readonly { href: string; label: string; description: string }[] = [
  { href: '/', label: 'Overview', description: 'Server status and the active workspace' },
]
