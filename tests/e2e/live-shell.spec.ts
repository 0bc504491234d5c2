import { expect, test, type Locator, type Page } from '@playwright/test'
import { mountOverSocket } from './live-socket'
import { snap as rawSnap } from './screenshot'

/**
 * The live tester's connections belong to the studio shell: they survive
 * moving between pages, each has its trace beside it, and "Open in live
 * tester" connects, authenticates and mounts by itself.
 */

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  return rawSnap(page, name)
}

const indicator = (page: Page) => page.getByTestId('live-indicator')
const nav = (page: Page) => page.getByRole('navigation', { name: 'Studio pages' })

async function connectAs(conn: Locator, persona: string, sessionId: string) {
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText(/id \S+/)
  await conn.getByLabel('Persona', { exact: true }).selectOption({ label: persona })
  await conn.getByRole('button', { name: 'Authenticate' }).click()
  await expect(conn.getByTestId('auth-state')).toContainText(`"id": "${sessionId}"`)
}

async function mount(conn: Locator, component: string) {
  await conn.getByLabel('Component', { exact: true }).selectOption({ label: component })
  await conn.getByRole('button', { name: 'Mount', exact: true }).click()
}

const connectionIdOf = async (conn: Locator) => (await conn.getByTestId('connection-status').innerText()).match(/id (\S+)/)?.[1]
const countIn = async (tab: Locator) => Number((await tab.innerText()).match(/\((\d+)\)/)?.[1])

async function setTheme(page: Page, theme: 'light' | 'dark') {
  const toggle = page.getByRole('button', { name: /Switch to (dark|light) theme/ })
  if ((await toggle.getAttribute('data-theme-current')) !== theme) await toggle.click()
  await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b).*$/)
}

test('a connection stays open with its state, frames and traces while the user visits Traces and comes back', async ({ page }) => {
  await page.goto('/live')
  await expect(indicator(page)).toHaveCount(0)
  const conn = page.getByTestId('connection').first()
  await connectAs(conn, 'Admin', 'u-admin')
  await mount(conn, 'AdminPanel')
  const card = conn.getByTestId('mounted-component').filter({ hasText: 'AdminPanel' })
  await card.getByLabel('Action', { exact: true }).fill('deleteUser')
  await card.getByLabel('Payload (JSON, optional)').fill('{"userId": "u-free"}')
  await card.getByRole('button', { name: 'Call' }).click()
  await expect(card.getByTestId('component-state')).not.toContainText('u-free')
  await expect(conn.getByTestId('trace-item').filter({ hasText: 'AdminPanel.deleteUser' })).toHaveCount(1)
  const id = await connectionIdOf(conn)
  expect(id).toBeTruthy()
  const decisionsTab = conn.getByRole('tab', { name: /^Decisions/ })
  const framesTab = conn.getByRole('tab', { name: /^Frames/ })
  const decisions = await countIn(decisionsTab)
  const frames = await countIn(framesTab)
  expect(decisions).toBeGreaterThanOrEqual(3)
  // The shell says a connection is open, on every page.
  await expect(indicator(page)).toHaveText('1 live connection')
  await expect(indicator(page)).toHaveAccessibleName('1 live connection: go to the live tester')

  await nav(page).getByRole('link', { name: 'Traces' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Traces' })).toBeVisible()
  await expect(indicator(page)).toHaveText('1 live connection')
  await snap(page, 'live-shell-indicator-on-traces')

  // Back through the indicator: the same socket, session, component state, decisions and frames.
  await indicator(page).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Live tester' })).toBeVisible()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  expect(await connectionIdOf(conn)).toBe(id)
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-admin"')
  await expect(card.getByTestId('component-state')).toContainText('u-admin')
  await expect(card.getByTestId('component-state')).not.toContainText('u-free')
  await expect(decisionsTab).toHaveText(`Decisions (${decisions})`)
  expect(await countIn(framesTab)).toBeGreaterThanOrEqual(frames)
  await expect(conn.getByLabel('Live server URL')).toHaveValue(/^ws:\/\/127\.0\.0\.1:\d+\/api\/live\/ws$/)

  // It keeps working, and its decisions keep arriving beside it.
  await card.getByLabel('Action', { exact: true }).fill('constructor')
  await card.getByRole('button', { name: 'Call' }).click()
  await expect(conn.getByTestId('trace-item').filter({ hasText: 'AdminPanel.constructor' }).first()).toHaveAttribute('data-verdict', 'deny')

  // The browser's own back and forward buttons too.
  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: 'Traces' })).toBeVisible()
  await page.goForward()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  expect(await connectionIdOf(conn)).toBe(id)

  // Closing stays explicit: Disconnect closes it, and the shell says none is open.
  await conn.getByRole('button', { name: 'Disconnect' }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Closed normally')
  await expect(indicator(page)).toHaveCount(0)
})

test('each connection has its own trace and frames beside it on a wide screen, below it on a narrow one', async ({ page }) => {
  await page.goto('/live')
  const free = page.getByTestId('connection').nth(0)
  await connectAs(free, 'Free user', 'u-free')
  await mount(free, 'AdminPanel')
  await expect(free.getByText('Waiting for login')).toBeVisible()
  await page.getByRole('button', { name: 'Add connection' }).click()
  const admin = page.getByTestId('connection').nth(1)
  await connectAs(admin, 'Admin', 'u-admin')
  await mount(admin, 'AdminPanel')
  await expect(admin.getByTestId('mounted-component')).toBeVisible()
  await expect(indicator(page)).toHaveText('2 live connections')

  // Each trace holds its own connection's decisions only.
  const mountOf = (conn: Locator) => conn.getByTestId('trace-item').filter({ hasText: 'COMPONENT_MOUNT' })
  await expect(mountOf(free)).toHaveCount(1)
  await expect(mountOf(free)).toHaveAttribute('data-verdict', 'deny')
  await expect(mountOf(admin)).toHaveCount(1)
  await expect(mountOf(admin)).toHaveAttribute('data-verdict', 'allow')
  await expect(free.getByTestId('trace-item').filter({ has: page.getByText('AUTH', { exact: true }) })).toHaveCount(1)
  await expect(admin.getByTestId('trace-item').filter({ has: page.getByText('AUTH', { exact: true }) })).toHaveCount(1)

  // 1280 px: the trace is the right-hand column of its own connection, level with the card (seen from
  // the top of the page: further down, a trace sticks in view while its card scrolls).
  await page.evaluate(() => window.scrollTo(0, 0))
  for (const conn of [free, admin]) {
    const cardBox = await conn.getByTestId('connection-card').boundingBox()
    const traceBox = await conn.getByTestId('connection-activity').boundingBox()
    if (!cardBox || !traceBox) throw new Error('connection card or trace not laid out')
    expect(traceBox.x).toBeGreaterThanOrEqual(cardBox.x + cardBox.width)
    expect(Math.abs(traceBox.y - cardBox.y)).toBeLessThan(2)
  }
  // Two connections with components mounted fit in a page a fraction of the old 5,546 px.
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  expect(height).toBeLessThan(3200)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await snap(page, `live-shell-two-1280-${theme}`)
  }

  // Keyboard: the tabs follow the arrow keys, and the frames panel is reachable.
  const decisionsTab = free.getByRole('tab', { name: /^Decisions/ })
  await decisionsTab.focus()
  await page.keyboard.press('ArrowRight')
  const framesTab = free.getByRole('tab', { name: /^Frames/ })
  await expect(framesTab).toBeFocused()
  await expect(framesTab).toHaveAttribute('aria-selected', 'true')
  await expect(free.getByTestId('frame-log')).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(free.getByRole('tabpanel', { name: /^Frames/ })).toBeFocused()
  await page.keyboard.press('Home')
  await page.keyboard.press('Shift+Tab')
  await expect(framesTab).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(decisionsTab).toHaveAttribute('aria-selected', 'true')

  // Narrow: the trace stacks under its card.
  await page.setViewportSize({ width: 820, height: 900 })
  const cardBox = await free.getByTestId('connection-card').boundingBox()
  const traceBox = await free.getByTestId('connection-activity').boundingBox()
  if (!cardBox || !traceBox) throw new Error('connection card or trace not laid out')
  expect(traceBox.y).toBeGreaterThanOrEqual(cardBox.y + cardBox.height)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await snap(page, `live-shell-two-820-${theme}`)
  }
  await setTheme(page, 'light')
})

test('“Open in live tester” connects, authenticates as the persona and mounts in one go, and says so', async ({ page }) => {
  const payload = encodeURIComponent('{"userId":"u-pro"}')
  await page.goto(`/live?persona=moderator&component=ModerationPanel&action=banUser&payload=${payload}`)
  const conn = page.getByTestId('connection').first()
  const steps = conn.getByTestId('autopilot')
  await expect(steps).toHaveAttribute('data-phase', 'done')
  await expect(steps.getByRole('status')).toContainText('✓Connected✓Authenticated as moderator✓Mounted ModerationPanel')
  await expect(steps).toContainText('The action banUser and its payload are filled in on the component below: press Call to replay it.')
  // The query is consumed: a reload or a later visit does not run it again.
  await expect(page).toHaveURL(/\/live$/)
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-moderator"')
  await expect(conn.getByTestId('trace-item').filter({ hasText: 'COMPONENT_MOUNT' }).filter({ hasText: 'ModerationPanel' })).toHaveAttribute('data-verdict', 'allow')
  const card = conn.getByTestId('mounted-component').filter({ hasText: 'ModerationPanel' })
  await expect(card.getByLabel('Action', { exact: true })).toHaveValue('banUser')
  await expect(card.getByLabel('Payload (JSON, optional)')).toHaveValue('{"userId":"u-pro"}')
  await card.getByRole('button', { name: 'Call' }).click()
  await expect(conn.getByTestId('trace-item').filter({ hasText: 'ModerationPanel.banUser' })).toHaveAttribute('data-verdict', 'allow')
  await expect(card.getByTestId('component-state')).toContainText('u-pro')
  await snap(page, 'live-shell-opened-light')

  // The steps can be put away.
  await steps.getByRole('button', { name: 'Hide these steps' }).click()
  await expect(steps).toHaveCount(0)
})

test('from a logged decision on Traces, a new connection replays it next to the one already open', async ({ page, request, baseURL }) => {
  await page.goto('/live')
  const first = page.getByTestId('connection').first()
  // Keyboard only: Connect is reached and pressed without the mouse.
  const connect = first.getByRole('button', { name: 'Connect', exact: true })
  await expect(connect).toBeEnabled()
  await connect.focus()
  await page.keyboard.press('Enter')
  await expect(first.getByTestId('connection-status')).toContainText(/id \S+/)
  const id = await connectionIdOf(first)

  // A free user is refused AdminPanel somewhere else; the log has it.
  expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'AdminPanel')).toBe(false)
  await nav(page).getByRole('link', { name: 'Traces' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Traces' })).toBeVisible()
  await page.getByTestId('decision-row').filter({ hasText: 'AdminPanel' }).filter({ hasText: 'free-user' }).first().click()
  await page.getByTestId('decision-detail').getByRole('link', { name: 'Open in live tester' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Live tester' })).toBeVisible()
  await expect(page.getByTestId('connection')).toHaveCount(2)
  // The open connection was kept, untouched...
  await expect(first.getByTestId('connection-status')).toContainText('Open')
  expect(await connectionIdOf(first)).toBe(id)
  await expect(first.getByTestId('autopilot')).toHaveCount(0)
  // ...and the new one replayed the decision by itself, ending at the same denial, in its own trace.
  const second = page.getByTestId('connection').nth(1)
  const steps = second.getByTestId('autopilot')
  await expect(steps).toHaveAttribute('data-phase', 'denied')
  await expect(steps.getByRole('status')).toContainText('✓Connected✓Authenticated as free-user✕Mount AdminPanel denied')
  await expect(steps.getByTestId('autopilot-problem')).toHaveText('Mount AdminPanel denied: AUTH_DENIED: Insufficient roles. Required one of: admin, moderator')
  await expect(second.getByTestId('trace-item').filter({ hasText: 'COMPONENT_MOUNT' })).toHaveAttribute('data-verdict', 'deny')
  await expect(first.getByTestId('trace-item')).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Connection #2' })).toBeFocused()
  await expect(indicator(page)).toHaveText('2 live connections')
})

test('a step that fails says why, and Retry goes on from there once the cause is fixed', async ({ page, request }) => {
  const persona = `ghost-${Date.now().toString(36)}`
  await page.goto(`/live?persona=${persona}&component=AdminPanel`)
  const conn = page.getByTestId('connection').first()
  const steps = conn.getByTestId('autopilot')
  await expect(steps).toHaveAttribute('data-phase', 'failed')
  await expect(steps.getByTestId('autopilot-problem')).toHaveText(`Authentication as ${persona} failed: the workspace has no persona “${persona}” (renamed or deleted?)`)
  await expect(steps.locator('[data-step="mount"]')).toHaveAttribute('data-status', 'pending')
  await snap(page, 'live-shell-step-failed-light')

  // The persona is added meanwhile (as the Token lab would); Retry, by keyboard, goes on from the failed step.
  const created = await request.post('/api/personas', { data: { id: persona, label: 'Ghost admin', kind: 'user', claims: { sub: 'u-ghost', roles: ['admin'] } } })
  expect(created.status()).toBe(201)
  const retry = steps.getByRole('button', { name: `Retry from “Authenticate as ${persona}”` })
  await retry.focus()
  await page.keyboard.press('Enter')
  await expect(steps).toHaveAttribute('data-phase', 'done')
  await expect(steps.getByRole('status')).toContainText(`✓Connected✓Authenticated as ${persona}✓Mounted AdminPanel`)
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-ghost"')
  expect((await request.delete(`/api/personas?id=${persona}`)).ok()).toBe(true)
})
