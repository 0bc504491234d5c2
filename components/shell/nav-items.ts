/** Pages shown in the sidebar: a page is listed only once it works. */
/**
 * `prefetch: false` for /rules: its page hints the browser to preload Monaco's
 * files, and a prefetched page's hints would download the editor on every page.
 */
export const navItems: readonly { href: string; label: string; description: string; prefetch?: false }[] = [
  { href: '/', label: 'Overview', description: 'Server status and the active workspace' },
  { href: '/rules', label: 'Rules', description: 'Edit the workspace, compose rules, test them and see the decision matrix', prefetch: false },
  { href: '/live', label: 'Live', description: 'Live tester: connections, components, actions and decision traces' },
  { href: '/tokens', label: 'Tokens', description: 'Mint, decode and verify tokens; manage signing keys' },
  { href: '/traces', label: 'Traces', description: 'The decision log: filter, inspect and export every live decision' },
  { href: '/settings', label: 'Settings', description: 'Ordering profile and JWT provider settings of the workspace' },
]
