import { expect, test, type Page } from '@playwright/test'
import { mountOverSocket } from './live-socket'
import { snap as rawSnap } from './screenshot'
import { observedPair, seedDecisions } from './seed-log'

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  return rawSnap(page, name)
}

test('filter to denials of AdminPanel, open one and see its trace; new denials stream in', async ({ page, request, baseURL }) => {
  // Two pages, both themes, four screenshots.
  test.setTimeout(60_000)
  const base = baseURL ?? ''
  expect(await mountOverSocket(request, base, 'free-user', 'AdminPanel')).toBe(false)
  expect(await mountOverSocket(request, base, 'admin', 'AdminPanel')).toBe(true)

  await page.goto('/traces')
  await expect(page.getByRole('heading', { level: 1, name: 'Traces' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Studio pages' }).getByRole('link', { name: 'Traces' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('decision-row').first()).toBeVisible()

  await page.getByLabel('Verdict').selectOption({ label: 'Denied' })
  await page.getByLabel('Component').fill('AdminPanel')
  await expect(page).toHaveURL(/verdict=deny/)
  await expect(page).toHaveURL(/component=AdminPanel/)
  // The URL follows the filter as its page is asked for: the count is read once that page is in.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  // Other specs share this server and may have logged AdminPanel denials too: count, then compare.
  const rows = page.getByTestId('decision-row')
  const count = page.getByTestId('log-count')
  await expect(count).toHaveText(/^\d+ matching$/)
  const before = Number((await count.textContent())?.match(/^(\d+)/)?.[1])
  expect(before).toBeGreaterThanOrEqual(1)
  // The grid renders the rows in view (virtualized): all of them when few, a screenful when many.
  const SCREENFUL = 12
  if (before <= SCREENFUL) await expect(rows).toHaveCount(before)
  else expect(await rows.count()).toBeGreaterThanOrEqual(SCREENFUL)
  for (const verdict of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-verdict')))) expect(verdict).toBe('deny')

  // A denial made now arrives through the live stream without a reload, at the top.
  await expect(page.getByTestId('stream-state')).toHaveText('Live')
  expect(await mountOverSocket(request, base, 'pro-user', 'AdminPanel')).toBe(false)
  if (before + 1 <= SCREENFUL) await expect(rows).toHaveCount(before + 1)
  await expect(count).toHaveText(`${before + 1} matching`)
  await expect(rows.first()).toContainText('pro-user')

  await rows.nth(1).click()
  const detail = page.getByTestId('decision-detail')
  await expect(detail).toBeVisible()
  const trace = detail.getByTestId('trace-item')
  await expect(trace).toHaveAttribute('data-verdict', 'deny')
  await expect(trace).toContainText('auth.roles')
  await expect(trace).toContainText('Insufficient roles. Required one of: admin, moderator')
  await expect(detail.getByTestId('auth-snapshot')).toContainText('"id": "u-free"')
  await expect(detail.getByRole('link', { name: 'Open in live tester' })).toHaveAttribute('href', '/live?component=AdminPanel&persona=free-user')

  const html = page.locator('html')
  const dark = await html.evaluate((el) => el.classList.contains('dark'))
  await snap(page, dark ? 'traces-dark' : 'traces-light')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await snap(page, dark ? 'traces-light' : 'traces-dark')

  await page.goto('/')
  await expect(page.getByTestId('metrics-summary')).toContainText(/denied/)
  await expect(page.getByRole('list', { name: 'Top denied component.action pairs' })).toContainText('AdminPanel')
  await snap(page, dark ? 'dashboard-light' : 'dashboard-dark')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await snap(page, dark ? 'dashboard-dark' : 'dashboard-light')
})

test('while a new filter loads, the count says it is counting instead of showing the previous number', async ({ page, request, baseURL }) => {
  expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'AdminPanel')).toBe(false)
  await page.goto('/traces')
  const count = page.getByTestId('log-count')
  await expect(count).toHaveText(/^[\d,]+ matching$|^More than 1,000 matching$/)
  await expect(count).toHaveAttribute('aria-busy', 'false')

  // The next page of the log is held back until the test lets it through.
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  const decisionsPage = (url: URL) => url.pathname === '/api/decisions'
  await page.route(decisionsPage, async (route) => {
    await held
    await route.continue()
  })
  await page.getByLabel('Verdict').selectOption({ label: 'Denied' })
  await page.getByLabel('Component').fill('AdminPanel')
  await expect(page).toHaveURL(/component=AdminPanel/)
  await expect(count).toHaveText('Counting…')
  await expect(count).toHaveAttribute('aria-busy', 'true')
  await expect(page.getByTestId('decision-row').first().locator('xpath=ancestor::*[@aria-busy][1]')).toHaveAttribute('aria-busy', 'true')
  await snap(page, 'traces-counting-light')

  release()
  await expect(count).toHaveText(/^\d+ matching$/)
  await expect(count).toHaveAttribute('aria-busy', 'false')
  await page.unroute(decisionsPage)
})

test('exports the current filter as JSONL', async ({ request }) => {
  const res = await request.get('/api/decisions/export?verdict=deny&component=AdminPanel')
  expect(res.headers()['content-type']).toBe('application/x-ndjson; charset=utf-8')
  const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as { verdict: string; component: string })
  expect(lines.length).toBeGreaterThanOrEqual(1)
  for (const l of lines) expect([l.verdict, l.component]).toEqual(['deny', 'AdminPanel'])
})

test('open a logged decision in the live tester: it connects, authenticates and mounts by itself; save the replay as a rule test', async ({ page }) => {
  await page.goto('/live?component=AdminPanel&persona=free-user')
  const conn = page.getByTestId('connection').first()
  // No Connect, Authenticate or Mount by hand: the steps say what happened, ending at the replayed denial.
  const steps = conn.getByTestId('autopilot')
  await expect(steps).toContainText('persona free-user · AdminPanel')
  await expect(steps).toHaveAttribute('data-phase', 'denied')
  await expect(steps.getByRole('status')).toContainText('Mount AdminPanel denied: AUTH_DENIED: Insufficient roles')
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-free"')
  await expect(conn.getByLabel('Persona', { exact: true })).toHaveValue('free-user')
  await expect(conn.getByLabel('Component', { exact: true })).toHaveValue('AdminPanel')

  const denied = page.getByTestId('trace-item').filter({ hasText: 'COMPONENT_MOUNT' }).filter({ hasText: 'AdminPanel' }).first()
  await expect(denied).toHaveAttribute('data-verdict', 'deny')
  const disclosure = denied.getByRole('button').first()
  if ((await disclosure.getAttribute('aria-expanded')) !== 'true') await disclosure.click()
  await denied.getByRole('button', { name: 'Save as rule test' }).click()
  await expect(denied.getByRole('status')).toContainText(/Saved rule test “free-user-mount-AdminPanel-deny(-\d+)?”/)

  const tests = (await (await page.request.get('/api/workspace/tests')).json()) as { results: { id: string; status: string }[] }
  expect(tests.results).toContainEqual(expect.objectContaining({ id: expect.stringMatching(/^free-user-mount-AdminPanel-deny/), status: 'pass' }))
})

const ALL_HEADERS = ['Time', 'Verdict', 'Kind', 'Component.action', 'Deciding layer', 'Reason', 'Caller', 'Duration']

test('the log reads at a glance: headers, the full width, arrow keys, a side panel with its own URL', async ({ page, request, baseURL }) => {
  test.setTimeout(60_000)
  const base = baseURL ?? ''
  expect(await mountOverSocket(request, base, 'free-user', 'AdminPanel')).toBe(false)
  expect(await mountOverSocket(request, base, 'admin', 'AdminPanel')).toBe(true)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('/traces')
  const grid = page.getByRole('grid', { name: 'Decisions, newest first' })
  const rows = grid.getByTestId('decision-row')
  await expect(rows.nth(1)).toBeVisible()
  for (const name of ALL_HEADERS) await expect(grid.getByRole('columnheader', { name, exact: true })).toBeVisible()
  // No cap at ~1,290 px: the list takes the width the window gives it.
  expect((await grid.boundingBox())?.width).toBeGreaterThan(1500)
  // Full names on hover.
  const target = rows.first().getByTestId('row-target')
  expect(await target.getAttribute('title')).toBe(await target.textContent())
  const reason = rows.first().getByTestId('row-reason')
  expect(await reason.getAttribute('title')).toBe(await reason.textContent())

  // Keyboard: Tab reaches the list at its first row; the arrows move; Enter opens.
  await page.getByRole('link', { name: 'Export JSONL' }).focus()
  await page.keyboard.press('Tab')
  await expect(rows.first()).toBeFocused()
  // The focus ring is drawn inside the row, where the list's scrolling box cannot clip it.
  const ring = await rows.first().evaluate((el) => {
    const s = getComputedStyle(el)
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset) }
  })
  expect(ring.style).toBe('solid')
  expect(ring.width).toBeGreaterThan(0)
  expect(ring.offset).toBeLessThanOrEqual(-ring.width)
  await page.keyboard.press('ArrowDown')
  await expect(rows.nth(1)).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowUp')
  await expect(rows.nth(1)).toBeFocused()
  const id = await rows.nth(1).getAttribute('data-id')
  expect(id).toMatch(/^\d+$/)
  await page.keyboard.press('Enter')

  const panel = page.getByTestId('detail-panel')
  await expect(panel.getByRole('heading', { name: `Decision #${id}` })).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`[?&]id=${id}(&|$)`))
  await expect(panel.getByTestId('decision-detail')).toBeVisible()
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true')
  // Beside the list, not below it.
  const [p, g] = [await panel.boundingBox(), await grid.boundingBox()]
  expect(p && g && p.x >= g.x + g.width).toBe(true)
  expect(p && g && p.y < g.y + g.height).toBe(true)
  await snap(page, 'traces-panel-1920')

  // Reload opens the same decision; Escape closes it and gives the row its focus back.
  await page.reload()
  await expect(panel.getByRole('heading', { name: `Decision #${id}` })).toBeVisible()
  await expect(panel.getByTestId('decision-detail')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(page).not.toHaveURL(/[?&]id=/)
  await expect(grid.locator(`[data-testid="decision-row"][data-id="${id}"]`)).toBeFocused()
  // Back and forward move between the open and the closed panel.
  await page.goBack()
  await expect(panel.getByRole('heading', { name: `Decision #${id}` })).toBeVisible()
  await page.goForward()
  await expect(panel).toBeHidden()

  // At 1024 px the kind stays; lower-value columns give way, and the page says which.
  await page.setViewportSize({ width: 1024, height: 768 })
  await expect(grid.getByRole('columnheader', { name: 'Kind', exact: true })).toBeVisible()
  await expect(rows.first().getByTestId('row-kind')).toBeVisible()
  await expect(grid.getByRole('columnheader', { name: 'Duration', exact: true })).toHaveCount(0)
  await expect(page.getByTestId('hidden-columns')).toContainText('Duration')
  for (const name of ['Time', 'Verdict', 'Component.action', 'Reason', 'Caller']) await expect(grid.getByRole('columnheader', { name, exact: true })).toBeVisible()
  // Nothing spills out of the list sideways.
  expect(await grid.getByTestId('decision-list').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0)
  await snap(page, 'traces-1024')
  // Below 1280 px the panel lies over the list; Escape still closes it.
  await rows.first().click()
  await expect(panel).toBeVisible()
  await snap(page, 'traces-1024-panel')
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
})

test('a session whose claims match no persona shows its session id, not "anonymous"', async ({ page, request, baseURL }) => {
  expect(await mountOverSocket(request, baseURL ?? '', { claims: { sub: 'u-pasted-e2e', roles: ['user'] } }, 'AdminPanel')).toBe(false)
  await page.goto('/traces?sessionId=u-pasted-e2e&kind=mount')
  const row = page.getByTestId('decision-row').first()
  await expect(row.getByTestId('row-caller')).toHaveText('u-pasted-e2e')
  await expect(row.getByTestId('row-caller')).toHaveAttribute('data-caller', 'session')
  await row.click()
  await expect(page.getByTestId('detail-caller')).toHaveText('session u-pasted-e2e (matches no persona)')
})

test('decisions observed on an upstream: a source filter, a mismatch toggle, and both answers side by side', async ({ page, request, baseURL }) => {
  expect(await mountOverSocket(request, baseURL ?? '', 'free-user', 'AdminPanel')).toBe(false)
  seedDecisions(observedPair('shop-e2e'))
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto('/traces')
  const grid = page.getByRole('grid', { name: 'Decisions, newest first' })
  const rows = grid.getByTestId('decision-row')
  const shop = grid.locator('[data-testid="decision-row"][data-source="shop-e2e"]')
  await expect(shop).toHaveCount(2)
  await expect(shop.getByTestId('row-source').first()).toHaveText('shop-e2e')
  await expect(shop.getByTestId('row-mismatch')).toHaveCount(1)
  const studio = grid.locator('[data-testid="decision-row"][data-source="studio"]').first()
  await expect(studio).toBeVisible()
  // The studio's own decisions carry no badge: only observed ones do.
  await expect(studio.getByTestId('row-source')).toHaveCount(0)

  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Upstream shop-e2e' })
  await expect(page).toHaveURL(/[?&]source=shop-e2e/)
  await expect(rows).toHaveCount(2)
  await page.getByLabel('Mismatches only').check()
  await expect(page).toHaveURL(/[?&]mismatch=1/)
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-mismatch', 'true')
  await expect(rows.first()).toHaveAttribute('data-verdict', 'allow')

  await rows.first().click()
  const detail = page.getByTestId('decision-detail')
  const cmp = detail.getByTestId('observed-comparison')
  await expect(cmp.getByTestId('agreement')).toHaveText('mismatch')
  const upstream = cmp.getByTestId('upstream-answer')
  await expect(upstream).toContainText('Upstream shop-e2e answered')
  await expect(upstream).toContainText('ALLOW')
  await expect(upstream).toContainText('success')
  const predicted = cmp.getByTestId('workspace-prediction')
  await expect(predicted).toContainText('DENY')
  await expect(predicted).toContainText('AUTH_DENIED: Insufficient roles. Required one of: admin, moderator')
  await expect(cmp.getByTestId('agreement-note')).toContainText('The server allowed it; the studio predicts a denial')
  // Side by side, the trace (the workspace's) below them.
  const [a, b] = [await upstream.boundingBox(), await predicted.boundingBox()]
  expect(a && b && Math.abs(a.y - b.y) < 2 && b.x > a.x).toBe(true)
  const trace = detail.getByTestId('trace-item')
  await expect(trace).toHaveAttribute('data-verdict', 'deny')
  await expect(trace).toContainText('auth.roles')
  expect((await trace.boundingBox())?.y).toBeGreaterThan((b?.y ?? 0) + (b?.height ?? 0))
  await expect(detail.getByTestId('detail-source')).toHaveText('observed on upstream shop-e2e')

  const html = page.locator('html')
  const dark = await html.evaluate((el) => el.classList.contains('dark'))
  await snap(page, dark ? 'traces-observed-dark' : 'traces-observed-light')
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click()
  await snap(page, dark ? 'traces-observed-light' : 'traces-observed-dark')

  // The studio's own server: no observed decision left.
  await page.getByLabel('Mismatches only').uncheck()
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Studio server' })
  await expect(page).toHaveURL(/[?&]source=studio/)
  await expect(page).not.toHaveURL(/mismatch=/)
  await expect(rows.first()).toBeVisible()
  await expect.poll(() => rows.evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute('data-source')))])).toEqual(['studio'])
})
