/**
 * A process that appends audit entries as fast as it can until it is killed (fault tests: SIGKILL mid-write).
 * Env: DATABASE (JSON DatabaseConfig), CONCURRENCY. Prints "written N" lines.
 */
import type { DatabaseConfig } from '../config.js'
import { openDatabase } from '../db.js'
import { appendAuditEntry } from '../domain/audit/append-audit-entry.js'

const config = JSON.parse(process.env.DATABASE ?? '{}') as DatabaseConfig
const concurrency = Number(process.env.CONCURRENCY ?? 4)
const db = await openDatabase(config)
let written = 0
const loop = async (worker: number) => {
  for (;;) {
    await db.$transaction(async (tx) => {
      await appendAuditEntry(tx, { actorType: 'SYSTEM', actor: `killer-${worker}`, action: 'test.kill', decision: 'DONE', details: { n: written } })
    })
    written++
    if (written % 20 === 0) process.stdout.write(`written ${written}\n`)
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)))
