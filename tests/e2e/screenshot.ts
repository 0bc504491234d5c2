import path from 'node:path'
import type { Page } from '@playwright/test'

/**
 * Screenshots land in tests/e2e/.output/ (git-ignored) for a person to look at.
 * A full-page capture of a tall page can stall Chromium on a loaded machine: after
 * 15 s it falls back to the viewport, so a picture never decides a test's outcome.
 */
export async function snap(page: Page, name: string): Promise<string> {
  const file = path.join(__dirname, '.output', `${name}.png`)
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 15_000 })
  } catch {
    await page.screenshot({ path: file, timeout: 10_000 })
  }
  return file
}
