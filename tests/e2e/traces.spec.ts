import { expect, test, type Page } from '@playwright/test'
import { mountOverSocket } from './live-socket'
import { snap as rawSnap } from './screenshot'

async function snap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0))
  return rawSnap(page, name)
}

test('filter to denials of AdminPanel, open one and see its trace; new denials stream in', async ({ page, request, baseURL }) => {
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
  // Other specs share this server and may have logged AdminPanel denials too: count, then compare.
  const rows = page.getByTestId('decision-row')
  const count = page.getByTestId('log-count')
  await expect(count).toHaveText(/^\d+ matching$/)
  const before = Number((await count.textContent())?.match(/^(\d+)/)?.[1])
  expect(before).toBeGreaterThanOrEqual(1)
  await expect(rows).toHaveCount(before)
  for (const verdict of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-verdict')))) expect(verdict).toBe('deny')

  // A denial made now arrives through the live stream without a reload, at the top.
  await expect(page.getByTestId('stream-state')).toHaveText('Live')
  expect(await mountOverSocket(request, base, 'pro-user', 'AdminPanel')).toBe(false)
  await expect(rows).toHaveCount(before + 1)
  await expect(count).toHaveText(`${before + 1} matching`)

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

test('exports the current filter as JSONL', async ({ request }) => {
  const res = await request.get('/api/decisions/export?verdict=deny&component=AdminPanel')
  expect(res.headers()['content-type']).toBe('application/x-ndjson; charset=utf-8')
  const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as { verdict: string; component: string })
  expect(lines.length).toBeGreaterThanOrEqual(1)
  for (const l of lines) expect([l.verdict, l.component]).toEqual(['deny', 'AdminPanel'])
})

test('open a logged decision in the live tester prefilled, replay it and save it as a rule test', async ({ page }) => {
  await page.goto('/live?component=AdminPanel&persona=free-user')
  await expect(page.getByTestId('prefill-notice')).toContainText('persona free-user, component AdminPanel')
  const conn = page.getByTestId('connection').first()
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  // The persona and component come from the link: no choosing needed.
  await expect(conn.getByLabel('Persona', { exact: true })).toHaveValue('free-user')
  await expect(conn.getByLabel('Component', { exact: true })).toHaveValue('AdminPanel')
  await conn.getByRole('button', { name: 'Authenticate' }).click()
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-free"')
  await conn.getByRole('button', { name: 'Mount' }).click()

  const denied = page.getByTestId('trace-item').filter({ hasText: 'COMPONENT_MOUNT' }).filter({ hasText: 'AdminPanel' }).first()
  await expect(denied).toHaveAttribute('data-verdict', 'deny')
  const disclosure = denied.getByRole('button').first()
  if ((await disclosure.getAttribute('aria-expanded')) !== 'true') await disclosure.click()
  await denied.getByRole('button', { name: 'Save as rule test' }).click()
  await expect(denied.getByRole('status')).toContainText(/Saved rule test “free-user-mount-AdminPanel-deny(-\d+)?”/)

  const tests = (await (await page.request.get('/api/workspace/tests')).json()) as { results: { id: string; status: string }[] }
  expect(tests.results).toContainEqual(expect.objectContaining({ id: expect.stringMatching(/^free-user-mount-AdminPanel-deny/), status: 'pass' }))
})
