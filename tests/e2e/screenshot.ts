import path from 'node:path'
import type { Page } from '@playwright/test'

/** Screenshots land in tests/e2e/.output/ (git-ignored) for a person to look at. */
export async function snap(page: Page, name: string): Promise<string> {
  const file = path.join(__dirname, '.output', `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
