import fs from 'node:fs'
import path from 'node:path'

/** The project root: the nearest folder above this file holding package.json and next.config.js. */
export function projectRoot(start = __dirname): string {
  let dir = start
  for (;;) {
    if (fs.existsSync(path.join(dir, 'next.config.js')) && fs.existsSync(path.join(dir, 'package.json'))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return process.cwd()
    dir = parent
  }
}

export function studioVersion(root = projectRoot()): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}

/** True when `next build` has produced a production build in `root`. */
export function hasProductionBuild(root = projectRoot()): boolean {
  return fs.existsSync(path.join(root, '.next', 'BUILD_ID'))
}
