import { expect, test, type Page } from '@playwright/test'
import { snap } from './screenshot'

async function editorReady(page: Page) {
  await expect(page.getByTestId('monaco-host')).toHaveAttribute('data-editor-ready', 'true', { timeout: 15_000 })
}

async function openComposer(page: Page) {
  await page.goto('/rules')
  await editorReady(page)
  await page.getByRole('tab', { name: 'Rule composer' }).click()
  await expect(page.getByTestId('composer')).toBeVisible()
}

const target = (page: Page) => page.getByLabel('Edit', { exact: true })

async function savedFile(page: Page, path: string): Promise<string> {
  const res = await page.request.get('/api/workspace/files')
  return ((await res.json()) as { files: Record<string, string> }).files[path] ?? ''
}

test.describe.configure({ mode: 'serial' })

test.afterAll(async ({ request }) => {
  // Leave the demo as other specs expect it: version 1's files become the newest version again.
  await request.post('/api/workspace/restore', { data: { version: 1 } })
})

test('reading back an export and a component rule fills the form', async ({ page }) => {
  await openComposer(page)
  await target(page).selectOption('export:adminOnly')
  await expect(page.getByLabel('Export name')).toHaveValue('adminOnly')
  await expect(page.getByLabel('Type', { exact: true })).toHaveValue('LiveComponentAuth')
  await expect(page.getByRole('radio', { name: /^true/ })).toBeChecked()
  await expect(page.getByRole('list', { name: 'Roles (any one of them: OR) values' })).toHaveText(/admin/)
  await expect(page.getByTestId('composer-preview')).toHaveText("export const adminOnly: LiveComponentAuth = { required: true, roles: ['admin'] }")

  await target(page).selectOption('action:components/live-admin-panel.ts:LiveAdminPanel:delete')
  await expect(page.getByRole('radio', { name: 'Use an export of auth/rules.ts' })).toBeChecked()
  await expect(page.getByLabel('Export', { exact: true })).toHaveValue('ownerOnly')
  const field = page.getByRole('group', { name: 'Arguments' }).getByLabel('field')
  await expect(field).toHaveValue('targetUserId')
  // One input per parameter: a value with a comma stays one argument; an empty one means the default.
  await field.fill('owner, id')
  await expect(page.getByTestId('composer-preview')).toContainText("ownerOnly('owner, id')")
  await snap(page, 'rules-composer-args-light')
  await field.fill('')
  await expect(page.getByTestId('composer-preview')).toContainText('ownerOnly()')
  await expect(field).toHaveAttribute('placeholder', 'userId')
})

test('validation: a duplicate name, a bad identifier and a parameter outside a factory are reported', async ({ page }) => {
  await openComposer(page)
  await target(page).selectOption('new-rule')
  await page.getByLabel('Export name').fill('adminOnly')
  await expect(page.getByRole('alert').filter({ hasText: "auth/rules.ts already exports 'adminOnly'" })).toBeVisible()
  await page.getByLabel('Export name').fill('2fast')
  await expect(page.getByText("'2fast' is not a valid identifier").first()).toBeVisible()
  await page.getByLabel('Export name').fill('byRole')
  await page.getByLabel('Roles (any one of them: OR)', { exact: true }).fill('{role}')
  await page.keyboard.press('Enter')
  await expect(page.getByText('A role refers to {role}, but only a factory has parameters').first()).toBeVisible()
  await page.getByRole('button', { name: 'Apply to draft' }).click()
  await expect(page.getByText('Fix the issue above first.')).toBeVisible()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
})

test('composing a factory applies it to the draft, saves, and reads back', async ({ page }) => {
  await openComposer(page)
  await target(page).selectOption('new-factory')
  await page.getByLabel('Export name').fill('ownsDocument')
  await page.getByLabel('Parameter 1 default').fill('authorId')
  await page.getByRole('button', { name: 'Add parameter' }).click()
  await page.getByLabel('Parameter 2 name').fill('role')
  await page.getByLabel('Parameter 2 default').fill('editor')
  await page.getByLabel('Roles (any one of them: OR)', { exact: true }).fill('{role}')
  await page.keyboard.press('Enter')
  await page.getByRole('button', { name: 'Add admin' }).first().click()
  const code = "export const ownsDocument = (field = 'authorId', role = 'editor'): LiveActionAuth => ({ roles: [role, 'admin'], authorize: (auth, payload) => auth.session?.id === payload?.[field] })"
  await expect(page.getByTestId('composer-preview')).toHaveText(code)
  await snap(page, 'rules-composer-factory-light')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await snap(page, 'rules-composer-factory-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()

  await page.getByRole('button', { name: 'Apply to draft' }).click()
  await expect(page.getByTestId('composer-applied')).toContainText('Applied to auth/rules.ts')
  await expect(page.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await expect(page.getByText('auth/rules.ts', { exact: true }).first()).toBeVisible()
  expect(await savedFile(page, 'auth/rules.ts')).not.toContain('ownsDocument')
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
  expect(await savedFile(page, 'auth/rules.ts')).toContain(`\n${code}\n`)

  // A fresh page reads the saved factory back into the form.
  await openComposer(page)
  await target(page).selectOption('export:ownsDocument')
  await expect(page.getByRole('radio', { name: 'Factory' })).toBeChecked()
  await expect(page.getByLabel('Parameter 1 name')).toHaveValue('field')
  await expect(page.getByLabel('Parameter 2 default')).toHaveValue('editor')
  await expect(page.getByLabel('Payload field that must equal the caller\'s id')).toHaveValue('{field}')
})

test('changing a component rule in the composer flips the matrix after saving', async ({ page }) => {
  await openComposer(page)
  await page.getByRole('tab', { name: 'Decision matrix' }).click()
  const moderator = page.locator('[data-cell="moderator|AdminPanel#mount"]')
  await expect(moderator).toHaveAttribute('data-verdict', 'allow')
  await page.getByRole('tab', { name: 'Rule composer' }).click()

  await target(page).selectOption('auth:components/admin-panel.ts:AdminPanel')
  await expect(page.getByRole('radio', { name: 'Inline rule' })).toBeChecked()
  await page.getByRole('button', { name: 'Remove moderator from Roles (any one of them: OR)' }).click()
  await expect(page.getByTestId('composer-preview')).toHaveText("static auth = { required: true, roles: ['admin'] }")
  await page.getByRole('button', { name: 'Apply to draft' }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText(/1 unsaved change/)
  await snap(page, 'rules-composer-component-applied')
  await expect(page.locator('.monaco-editor .view-lines')).toContainText("static auth = { required: true, roles: ['admin'] }")
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')

  await page.getByRole('tab', { name: 'Decision matrix' }).click()
  await expect(moderator).toHaveAttribute('data-verdict', 'deny')
  await expect(moderator).toHaveAttribute('data-flipped', 'narrowed')
  await expect(page.locator('[data-cell="admin|AdminPanel#mount"]')).toHaveAttribute('data-verdict', 'allow')
})

test('a hand-written export is left alone and opens in the editor', async ({ page, request }) => {
  const doc = (await (await request.get('/api/workspace/files')).json()) as { version: number; files: Record<string, string> }
  const files = { ...doc.files, 'auth/rules.ts': `${doc.files['auth/rules.ts'] ?? ''}\nexport const editors = {\n  ...adminOnly,\n  permissions: ['content.write'],\n}\n` }
  expect((await request.post('/api/workspace/save', { data: { files, baseVersion: doc.version } })).ok()).toBe(true)

  await openComposer(page)
  await target(page).selectOption('export:editors')
  const notice = page.getByTestId('composer-unreadable')
  await expect(notice).toContainText("'editors' is hand-written (not composer-generated)")
  await expect(notice).toContainText('...adminOnly,')
  await expect(page.getByRole('button', { name: 'Apply to draft' })).toHaveCount(0)
  await snap(page, 'rules-composer-hand-written-light')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await snap(page, 'rules-composer-hand-written-dark')
  await page.getByRole('button', { name: /Switch to light theme/ }).click()
  await page.getByRole('button', { name: 'Open auth/rules.ts in the editor' }).click()
  await expect(page.getByText('auth/rules.ts', { exact: true }).first()).toBeVisible()
  await expect(page.getByTestId('dirty-state')).toHaveText('All changes saved')
})
