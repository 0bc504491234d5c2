/**
 * What a tab does when another tab of the same browser changes the stored
 * draft of the workspace both have open. A tab with no edits of its own
 * follows the other one; so does a tab whose only edits are the ones it
 * followed (the other tab's draft is stored in steps while the user types).
 * A tab with its own edits is never overwritten: the user is told and chooses.
 */
import { type DraftRecord, type Files, sameFiles } from './draft-store'

export type OtherTabAction =
  /** Nothing to do: this tab already shows that draft. */
  | { readonly kind: 'ignore' }
  /** Take the other tab's draft in place (same saved version underneath). */
  | { readonly kind: 'follow'; readonly files: Files }
  /** Load the workspace again (the other tab saved, discarded, or drafted on a newer version). */
  | { readonly kind: 'reload' }
  /** This tab has its own edits and the other tab changed the draft: tell the user. */
  | { readonly kind: 'notice-changed' }
  /** This tab has its own edits and the other tab cleared the draft: a save of exactly these edits is taken quietly, anything else is told. */
  | { readonly kind: 'check-saved' }

export interface OtherTabInput {
  /** This tab's draft. */
  readonly mine: Files
  /** The saved version this tab's draft is based on. */
  readonly saved: Files
  readonly savedVersion: number
  /** The files this tab last took from another tab, while it had no edits of its own. */
  readonly followed: Files | undefined
  /** The other tab's stored draft; undefined when it was cleared (saved or discarded) or unreadable. */
  readonly theirs: DraftRecord | undefined
}

/** True when this tab holds no edits of its own: it shows the saved files, or exactly what it last followed. */
export function hasNoOwnEdits(mine: Files, saved: Files, followed: Files | undefined): boolean {
  return sameFiles(mine, saved) || (followed !== undefined && sameFiles(mine, followed))
}

export function otherTabAction({ mine, saved, savedVersion, followed, theirs }: OtherTabInput): OtherTabAction {
  if (theirs !== undefined && sameFiles(theirs.files, mine)) return { kind: 'ignore' }
  if (hasNoOwnEdits(mine, saved, followed)) {
    if (theirs !== undefined && theirs.baseVersion === savedVersion) return { kind: 'follow', files: theirs.files }
    return { kind: 'reload' }
  }
  return theirs !== undefined ? { kind: 'notice-changed' } : { kind: 'check-saved' }
}
