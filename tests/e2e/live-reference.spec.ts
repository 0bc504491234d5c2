import path from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { referenceSource, startReference, type ReferenceServer } from '../conformance/reference-process'
import { snap } from './screenshot'

/**
 * The live tester against a real FluxStack Live server: the reference server
 * (../shared/reference/fluxstack-live, the library's core at d8538f75) hosting
 * the demo workspace's own files and verifying the studio's demo key. Skipped
 * where the reference is not on the machine.
 */
const source = referenceSource()
let ref: ReferenceServer | undefined

test.describe.configure({ mode: 'serial' })
test.skip(source === undefined, 'the reference server (../shared/reference/fluxstack-live) is not on this machine')

test.beforeAll(async ({ request }) => {
  const exported = await request.post('/api/keys/demo-hs256/export', { data: { part: 'private', format: 'jwk' } })
  expect(exported.status()).toBe(200)
  const jwk = JSON.parse(((await exported.json()) as { value: string }).value) as { kty: string; k: string }
  ref = await startReference({ source: source as string, workspaceDir: path.resolve(__dirname, '..', '..', 'lib', 'workspace', 'demo', 'files'), jwk })
})
test.afterAll(async () => {
  await ref?.stop()
})

const SESSION_IDS: Record<string, string> = { Admin: 'u-admin', 'Free user': 'u-free', Moderator: 'u-moderator' }

async function connectAs(page: Page, conn: Locator, persona: string): Promise<void> {
  await conn.getByLabel('Live server URL').fill(ref?.url ?? '')
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  await conn.getByLabel('Persona', { exact: true }).selectOption({ label: persona })
  await conn.getByRole('button', { name: 'Authenticate' }).click()
  await expect(conn.getByTestId('auth-state')).toContainText(`"id": "${SESSION_IDS[persona] ?? '?'}"`)
}

async function mount(conn: Locator, component: string): Promise<void> {
  await conn.getByLabel('Component', { exact: true }).selectOption({ label: component })
  await conn.getByRole('button', { name: 'Mount', exact: true }).click()
}

async function call(conn: Locator, component: string, action: string, payload = ''): Promise<void> {
  const card = conn.getByTestId('mounted-component').filter({ hasText: component }).first()
  await card.getByLabel('Action', { exact: true }).fill(action)
  await card.getByLabel('Payload (JSON, optional)').fill(payload)
  await card.getByRole('button', { name: 'Call' }).click()
}

const summary = (page: Page) => page.getByTestId('agreement-summary')

test('predicted vs observed against a real server: no difference for two personas; an unsaved draft that flips a rule shows exactly that decision', async ({ page }) => {
  await page.goto('/live')
  const admin = page.getByTestId('connection').first()
  await connectAs(page, admin, 'Admin')
  await mount(admin, 'AdminPanel')
  await expect(admin.getByTestId('mounted-component').filter({ hasText: 'AdminPanel' })).toBeVisible()
  await call(admin, 'AdminPanel', 'deleteUser', '{"userId": "u-free"}')
  await call(admin, 'AdminPanel', 'setState', '{}')

  await page.getByRole('button', { name: 'Add connection' }).click()
  const free = page.getByTestId('connection').nth(1)
  await connectAs(page, free, 'Free user')
  await mount(free, 'AdminPanel')
  await mount(free, 'ModerationPanel')
  await expect(free.getByTestId('mounted-component').filter({ hasText: 'ModerationPanel' })).toBeVisible()
  await call(free, 'ModerationPanel', 'banUser', '{"userId": "u-pro"}')
  await call(free, 'ModerationPanel', 'getReports')

  // Seven requests the studio predicted, every one as the real server answered it.
  await expect(summary(page)).toContainText('7 compared')
  await expect(summary(page)).toHaveAttribute('data-differences', '0')
  await expect(page.getByTestId('trace-item').filter({ hasText: 'DISAGREEMENT' })).toHaveCount(0)
  const security = page.getByTestId('trace-item').filter({ hasText: 'AdminPanel.setState' }).first()
  await security.getByRole('button').first().click()
  await expect(security).toContainText("Action 'setState' is not callable")
  await expect(security).toContainText('server agrees')
  await snap(page, 'live-reference-agree')

  // An unsaved edit in Rules: AdminPanel for admins only (moderators lose it).
  await page.goto('/rules')
  await expect(page.getByTestId('monaco-host')).toHaveAttribute('data-editor-ready', 'true', { timeout: 15_000 })
  await page.getByRole('tree').locator('[data-path="components/admin-panel.ts"]').click()
  const files = (await (await page.request.get('/api/workspace/files')).json()) as { files: Record<string, string> }
  const line = (files.files['components/admin-panel.ts'] ?? '').split('\n').findIndex((l) => l.includes("roles: ['admin', 'moderator']")) + 1
  expect(line).toBeGreaterThan(0)
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('Control+Home')
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown')
  await page.keyboard.press('End')
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft')
  for (let i = 0; i < ", 'moderator'".length; i++) await page.keyboard.press('Backspace')
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('live-auth-studio:rules-draft:')).length)).toBe(1)

  await page.goto('/live')
  await page.getByLabel('Predictions for external servers use').selectOption('draft')
  const moderator = page.getByTestId('connection').first()
  await connectAs(page, moderator, 'Moderator')
  await mount(moderator, 'AdminPanel')
  await mount(moderator, 'ModerationPanel')
  await expect(summary(page)).toContainText('2 compared')
  await expect(summary(page)).toHaveAttribute('data-differences', '1')
  const flipped = page.getByTestId('trace-item').filter({ hasText: 'DISAGREEMENT' })
  await expect(flipped).toHaveCount(1)
  await expect(flipped).toContainText('AdminPanel')
  await flipped.getByRole('button').first().click()
  await expect(flipped).toContainText('Studio predicts (unsaved draft, lib/auth)')
  await expect(flipped).toContainText('AUTH_DENIED: Insufficient roles. Required one of: admin')
  await snap(page, 'live-reference-draft')
})
