import type { LoadedWorkspace, LoadOptions, WorkspaceSources } from '../sandbox'
import { loadWorkspace } from '../sandbox'
import type { HostedVersion, LiveHost } from '../live/server/live-host'
import { parseLiveSettings, type LiveSettings } from '../live/server/live-settings'
import type { StudioStore } from '../store/contract'

export interface WorkspaceHostOptions {
  readonly store: StudioStore
  readonly workspaceId: string
  /** The workspace's settings JSON; `{}` when not given. */
  readonly readSettings?: (workspaceId: string) => Promise<unknown> | unknown
  /** Injected in tests; defaults to the sandbox's loadWorkspace. */
  readonly load?: (sources: WorkspaceSources, options: LoadOptions) => Promise<LoadedWorkspace>
}

interface Entry {
  promise: Promise<HostedVersion>
  refs: number
  hosted?: HostedVersion
}

/**
 * Loads the active workspace's current version into the sandbox once per
 * version. Hot-load: after `reload()` new mounts get the new version, while
 * components mounted earlier keep theirs (they hold a reference) until they
 * are unmounted; a version nobody uses any more is disposed.
 */
/** How long a version switched away from stays loaded for mounts already on their way. */
const RETIRE_GRACE_MS = 5_000

export class WorkspaceHost implements LiveHost {
  private readonly entries = new Map<number, Entry>()
  private currentVersion: number | undefined
  private disposed = false
  private activeId: string
  /** Versions of a workspace switched away from that mounted components still use. */
  private readonly retired = new Set<Entry>()
  /** Reloads started and the newest one applied: an older reload that answers late changes nothing. */
  private reloadsStarted = 0
  private reloadApplied = 0

  constructor(private readonly options: WorkspaceHostOptions) {
    this.activeId = options.workspaceId
  }

  get workspaceId(): string {
    return this.activeId
  }

  /**
   * Serves another workspace from now on: new mounts load its current version;
   * components mounted on the old one keep theirs until they unmount.
   */
  switchTo(workspaceId: string): Promise<HostedVersion> {
    if (workspaceId !== this.activeId) {
      for (const entry of this.entries.values()) {
        this.retired.add(entry)
        // Unused now, but a mount already past current() may still acquire it: dispose after a grace period.
        if (entry.refs === 0) {
          setTimeout(() => {
            if (entry.refs === 0 && this.retired.delete(entry)) void entry.promise.then((h) => h.loaded.dispose(), () => {})
          }, RETIRE_GRACE_MS).unref()
        }
      }
      // Entries are keyed by version, which says nothing across workspaces: start afresh.
      this.entries.clear()
      this.currentVersion = undefined
      this.activeId = workspaceId
    }
    return this.reload()
  }

  /** The current version, loaded on first use. */
  current(): Promise<HostedVersion> {
    if (this.currentVersion === undefined) return this.reload()
    const entry = this.entries.get(this.currentVersion)
    return entry ? entry.promise : this.reload()
  }

  /**
   * Re-reads the workspace's current version and settings (call after a save or a settings
   * change); loads the version if new. The live server's hot path never reads the store:
   * mounts and actions use the HostedVersion (with its settings) that the last reload made.
   */
  async reload(): Promise<HostedVersion> {
    if (this.disposed) throw new Error('The workspace host is closed')
    const workspaceId = this.activeId
    const reload = ++this.reloadsStarted
    const [summary, rawSettings] = await Promise.all([this.options.store.workspaces.get(workspaceId), Promise.resolve(this.options.readSettings?.(workspaceId) ?? {})])
    if (!summary) throw new Error(`No workspace with id ${workspaceId}`)
    // A switch or a newer reload answered meanwhile: theirs stands.
    if (this.disposed || workspaceId !== this.activeId || reload < this.reloadApplied) return this.current()
    this.reloadApplied = reload
    return this.adopt(workspaceId, summary.currentVersion, parseLiveSettings(rawSettings))
  }

  /** Makes `version` current (with `settings`), loading it unless it is loaded already. */
  private adopt(workspaceId: string, version: number, settings: LiveSettings): Promise<HostedVersion> {
    const { store } = this.options
    const previous = this.currentVersion
    this.currentVersion = version
    let entry = this.entries.get(version)
    if (entry) this.refreshSettings(entry, settings)
    if (!entry) {
      const load = this.options.load ?? loadWorkspace
      const created: Entry = {
        refs: 0,
        promise: store.workspaces.version(workspaceId, version).then((v) => load(v.files, { version: String(version) })).then((loaded) => {
          const hosted = { workspaceId, version, loaded, settings }
          created.hosted = hosted
          return hosted
        }),
      }
      // A failed load is forgotten so the next call retries.
      created.promise.catch(() => {
        if (this.entries.get(version) === created) this.entries.delete(version)
        if (this.currentVersion === version) this.currentVersion = previous
      })
      entry = created
      this.entries.set(version, entry)
    }
    if (previous !== undefined && previous !== version) this.collect(previous)
    return entry.promise
  }

  /** Settings can change without a new version: later mounts get them, mounted components keep theirs. */
  private refreshSettings(entry: Entry, settings: LiveSettings): void {
    const hosted = entry.hosted
    if (!hosted || JSON.stringify(hosted.settings) === JSON.stringify(settings)) return
    const next = { ...hosted, settings }
    entry.hosted = next
    entry.promise = Promise.resolve(next)
  }

  /** Marks `hosted` as in use by one mounted component; call the returned function on unmount. */
  acquire(hosted: HostedVersion): () => void {
    const entry = hosted.workspaceId === this.activeId
      ? this.entries.get(hosted.version)
      : [...this.retired].find((e) => e.hosted?.workspaceId === hosted.workspaceId && e.hosted.version === hosted.version)
    if (!entry) return () => {}
    entry.refs++
    let released = false
    return () => {
      if (released) return
      released = true
      entry.refs--
      if (!this.retired.has(entry)) this.collect(hosted.version)
      else if (entry.refs === 0) {
        this.retired.delete(entry)
        void entry.promise.then((h) => h.loaded.dispose(), () => {})
      }
    }
  }

  /** Engine restarts summed over the loaded versions (for the Overview). */
  servedRestarts(): number {
    let n = 0
    for (const entry of [...this.entries.values(), ...this.retired]) n += entry.hosted?.loaded.restarts ?? 0
    return n
  }

  /** How many mounted components use each loaded version (for the tester's "old version" notice). */
  usage(): { version: number; refs: number; current: boolean }[] {
    return [...this.entries.entries()].map(([version, e]) => ({ version, refs: e.refs, current: version === this.currentVersion }))
  }

  private collect(version: number): void {
    const entry = this.entries.get(version)
    if (!entry || entry.refs > 0 || version === this.currentVersion) return
    this.entries.delete(version)
    void entry.promise.then((h) => h.loaded.dispose(), () => {})
  }

  /** Disposes every loaded version. */
  dispose(): void {
    this.disposed = true
    for (const entry of [...this.entries.values(), ...this.retired]) void entry.promise.then((h) => h.loaded.dispose(), () => {})
    this.entries.clear()
    this.retired.clear()
  }
}
