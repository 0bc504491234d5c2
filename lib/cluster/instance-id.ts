import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { z } from 'zod'

/** What an instance id may hold: it names Redis keys and shows on the Overview. */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/

export const instanceIdSchema = z
  .string()
  .regex(INSTANCE_ID_PATTERN, 'an instance id is 1-64 letters, digits, dots, dashes or underscores')

/**
 * A readable id for this process when STUDIO_INSTANCE_ID is not set: the host
 * name (where a load balancer's logs name it too) and a short random suffix,
 * so two processes on one host never share one.
 *
 * @example generateInstanceId('Web-1.internal', 'a1b2c3') // 'web-1-internal-a1b2c3'
 */
export function generateInstanceId(host: string = os.hostname(), random: string = randomBytes(3).toString('hex')): string {
  const base = host
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
  return `${base || 'studio'}-${random}`
}
