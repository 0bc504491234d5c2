/**
 * CPU time of one thread of this process, for the watchdog: a worker that is
 * past its deadline but got no CPU (the machine is busy) is starved, not
 * stuck. Linux only (/proc); elsewhere the answers are undefined and the
 * watchdog goes by the clock alone.
 */
import fs from 'node:fs'

/** Kernel clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICK_MS = 10

/** This thread's id (Linux tid), read inside the thread itself; 0 when unknown. */
export function currentThreadId(): number {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(tid) && tid > 0 ? tid : 0
  } catch {
    return 0
  }
}

/** CPU milliseconds (user + system) thread `tid` of this process has used, at a 10 ms resolution; undefined when unknown. */
export function threadCpuMs(tid: number): number | undefined {
  if (!(tid > 0)) return undefined
  try {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? ticks * TICK_MS : undefined
  } catch {
    return undefined
  }
}
