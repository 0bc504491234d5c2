/** Pages shown in the sidebar: a page is listed only once it works. */
export const navItems: readonly { href: string; label: string; description: string }[] = [
  { href: '/', label: 'Overview', description: 'Server status and the active workspace' },
  { href: '/live', label: 'Live', description: 'Live tester: connections, components, actions and decision traces' },
  { href: '/tokens', label: 'Tokens', description: 'Mint, decode and verify tokens; manage signing keys' },
]
