import { expect, test } from '@playwright/test'
import { snap } from './screenshot'

/**
 * A library sharp edge in the live tester's trace: a free user mounts LiveChat
 * straight into a vip- room that ROOM_JOIN would refuse. The studio answers as
 * FluxStack Live 0.11 does (mounted) and the trace says the real app is exposed.
 */
test('a mount with payload.room is marked as a library sharp edge with its risk', async ({ page }) => {
  await page.goto('/live')
  const conn = page.getByTestId('connection').first()
  await conn.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(conn.getByTestId('connection-status')).toContainText('Open')
  await conn.getByLabel('Persona', { exact: true }).selectOption({ label: 'Free user' })
  await conn.getByRole('button', { name: 'Authenticate' }).click()
  await expect(conn.getByTestId('auth-state')).toContainText('"id": "u-free"')

  await conn.getByLabel('Component', { exact: true }).selectOption({ label: 'LiveChat' })
  await conn.getByLabel('Room (optional)').fill('vip-lounge-e2e')
  await conn.getByRole('button', { name: 'Mount', exact: true }).click()
  await expect(conn.getByTestId('mounted-component').filter({ hasText: 'LiveChat' })).toBeVisible()

  const mount = conn.getByTestId('trace-item').filter({ hasText: 'COMPONENT_MOUNT' }).filter({ hasText: 'LiveChat' }).first()
  await expect(mount).toHaveAttribute('data-verdict', 'allow')
  await expect(mount.getByRole('button').first()).toContainText('library sharp edge')
  await mount.getByRole('button').first().click()
  const notice = mount.getByTestId('sharp-edges')
  await expect(notice).toBeVisible()
  await expect(notice).toContainText("COMPONENT_MOUNT with payload.room never calls the provider's authorizeRoom")
  await snap(page, 'live-sharp-edge-mount-room')
})
