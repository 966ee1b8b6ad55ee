/** What audit verification reports when the log and its anchors disagree: the first problem found. */

export type AuditProblemKind =
  | 'ALTERED'
  | 'MISSING'
  | 'INSERTED'
  | 'BROKEN_LINK'
  | 'HEAD_MISMATCH'
  | 'ANCHOR_MISMATCH'
  | 'ANCHOR_UNVERIFIABLE'
  /** The platform DID anchored a range on chain that no AuditAnchor row records: a record was removed or altered. */
  | 'ANCHOR_UNRECORDED'

export interface AuditProblem {
  kind: AuditProblemKind
  /** The first entry concerned. */
  seq: number
  message: string
  /** The anchor concerned, when the problem was found through one (a root covers a range, not one entry). */
  anchor?: { fromSeq: number; toSeq: number; txHash: string | null }
}
