/** Who performed an action, as the audit records it. */
export interface AuditActor {
  actorType: 'STAFF' | 'DID' | 'SYSTEM' | 'ANONYMOUS'
  actor: string
}
