/**
 * One "instance" for the audit suite's multi-instance figure: a child process with its own Prisma client
 * and PostgreSQL pool that appends audit entries with `concurrency` transactions in flight.
 * Protocol over IPC: child -> `ready` once connected; parent -> `go`; child -> `done` with its latencies.
 * Started by suites/audit.ts with child_process.fork; exits if the parent goes away.
 */
import { openDatabase } from '../../src/db.js'
import { appendAuditEntry } from '../../src/domain/audit/append-audit-entry.js'

export interface WriterArgs {
  name: string
  databaseUrl: string
  count: number
  concurrency: number
}

export type WriterMessage = { type: 'ready' } | { type: 'done'; appended: number; latenciesMs: number[] } | { type: 'failed'; error: string }

async function main(args: WriterArgs): Promise<void> {
  const send = (message: WriterMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()))
  const db = await openDatabase({ kind: 'postgres', url: args.databaseUrl }, { poolSize: args.concurrency })
  try {
    // Open every pool connection before the clock starts.
    await Promise.all(Array.from({ length: args.concurrency }, () => db.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1'))))
    const go = new Promise<void>((resolve) => process.once('message', () => resolve()))
    await send({ type: 'ready' })
    await go

    let started = 0
    const latenciesMs: number[] = []
    const writer = async () => {
      while (started < args.count) {
        const i = started++
        const t0 = performance.now()
        await db.$transaction((tx) =>
          appendAuditEntry(tx, { actorType: 'SYSTEM', actor: args.name, action: 'bench.append', subjectType: 'BENCH', subject: `${args.name}-${i}`, decision: 'DONE', details: { i } }),
        )
        latenciesMs.push(performance.now() - t0)
      }
    }
    await Promise.all(Array.from({ length: args.concurrency }, writer))
    await send({ type: 'done', appended: latenciesMs.length, latenciesMs })
  } finally {
    await db.$disconnect()
  }
}

const onParentGone = () => process.exit(1) // the parent died or gave up: never linger
process.on('disconnect', onParentGone)
main(JSON.parse(process.argv[2]!) as WriterArgs).then(
  () => {
    process.off('disconnect', onParentGone)
    process.disconnect()
  },
  (error: unknown) => {
    process.send!({ type: 'failed', error: error instanceof Error ? error.message : String(error) } satisfies WriterMessage, () => process.exit(1))
  },
)
