/**
 * Audit trail figures. Issue: "Audit entries appended per second (single writer and 2 instances on
 * PostgreSQL), verification time for 100,000 entries, and gas per anchor and per entry anchored".
 * On each database, one real platform (anvil + SQLite file or a fresh PostgreSQL database):
 *  1. single writer: sequential transactions, each appending one entry with appendAuditEntry;
 *  2. PostgreSQL: two child processes, each with its own Prisma client and pool and `concurrency`
 *     transactions in flight, append at once; the chain must then verify, with no gap;
 *  3. the log is filled to N entries (createMany of a precomputed valid chain) and verifyAuditChain timed;
 *  4. the log is anchored (one transaction for all but the warm-up entries), then 1,000 more entries;
 *     gas is read from each anchor's receipt. A first anchor at warm-up keeps the platform DID's one-time
 *     storage cost out of these figures (it is reported on its own).
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { canonicalJson } from '../../src/canonical-json.js'
import type { Db } from '../../src/db.js'
import { anchorAuditLog, type AnchorOutcome } from '../../src/domain/audit/anchor-audit-log.js'
import { appendAuditEntry } from '../../src/domain/audit/append-audit-entry.js'
import { computeAuditEntryHash } from '../../src/domain/audit/audit-hash.js'
import { verifyAuditChain } from '../../src/domain/audit/verify-audit-chain.js'
import { latencyFigures, perSecond, type Figure, type FigureGroup } from '../report.js'
import { startBenchPlatform, timed, type BenchContext, type BenchDatabase, type BenchPlatform, type Suite } from '../suite.js'
import type { WriterArgs, WriterMessage } from './audit-writer.js'

const DEFAULT_APPENDS = 1_000
const DEFAULT_VERIFY_ENTRIES = 100_000
const DEFAULT_CONCURRENCY = 8
const WARM_UP_APPENDS = 50
const SMALL_ANCHOR_ENTRIES = 1_000
const FILL_BATCH = 2_000
const WRITER_FILE = fileURLToPath(new URL('./audit-writer.ts', import.meta.url))

export const auditSuite: Suite = {
  name: 'audit',
  description: 'audit entries appended/s (single writer; 2 instances on PostgreSQL), chain verification time, gas per anchor',
  flags: {
    'audit-appends': `entries appended by each writer, one per transaction (default ${DEFAULT_APPENDS} x scale)`,
    'audit-entries': `entries in the log whose verification is timed and anchored (default ${DEFAULT_VERIFY_ENTRIES} x scale)`,
    'audit-concurrency': `transactions in flight in each of the 2 instances (default ${DEFAULT_CONCURRENCY})`,
    'audit-databases': 'comma-separated, from sqlite,postgres (default both)',
  },
  async run(ctx) {
    const databases = (ctx.flag('audit-databases') ?? 'sqlite,postgres').split(',')
    const unknown = databases.filter((d) => d !== 'sqlite' && d !== 'postgres')
    if (unknown.length > 0) throw new Error(`--audit-databases: unknown ${unknown.join(', ')}`)
    const groups: FigureGroup[] = []
    for (const database of databases as BenchDatabase[]) groups.push(await measureOn(ctx, database))
    return groups
  },
}

async function measureOn(ctx: BenchContext, database: BenchDatabase): Promise<FigureGroup> {
  const group: FigureGroup = { bench: 'audit', tags: { database }, figures: [] }
  const add = (figures: Figure[]) => group.figures.push(...figures)
  const log = (message: string) => ctx.log(`audit/${database}: ${message}`)
  const appends = ctx.intFlag('audit-appends', DEFAULT_APPENDS * ctx.scale)
  const entries = ctx.intFlag('audit-entries', DEFAULT_VERIFY_ENTRIES * ctx.scale)
  const concurrency = ctx.intFlag('audit-concurrency', DEFAULT_CONCURRENCY)
  let p: BenchPlatform | undefined
  try {
    log('starting platform')
    p = await startBenchPlatform(ctx, database)
    // Warm up, and anchor once: the platform DID's first registry change pays a one-time storage write
    // (~17,000 gas) that would otherwise inflate the anchor figures below.
    await appendOneByOne(p.db, WARM_UP_APPENDS)
    const [first] = await anchorThrough(p, WARM_UP_APPENDS)

    log(`${appends} single-writer appends`)
    add(await measureSingleWriter(p, appends))
    if (database === 'postgres') {
      log(`2 instances x ${appends} appends, ${concurrency} transactions in flight each`)
      add(await measureTwoInstances(ctx, p, appends, concurrency))
    }
    log(`filling the log to ${entries} entries and verifying it`)
    add(await measureVerification(p, entries))
    log(`anchoring the log, then ${SMALL_ANCHOR_ENTRIES} more entries`)
    add(await measureAnchors(p, first!))
  } catch (error) {
    group.error = error instanceof Error ? error.message : String(error)
  } finally {
    await p?.destroy()
  }
  return group
}

async function measureSingleWriter(p: BenchPlatform, appends: number): Promise<Figure[]> {
  const run = await timed(() => appendOneByOne(p.db, appends))
  return [{ key: 'audit_append_per_s_single', value: perSecond(appends, run.ms), unit: 'entries/s' }, ...latencyFigures('audit_append_single', run.result)]
}

/** Fills the log up to `entries` (if it holds fewer), then times verifyAuditChain over all of it. */
async function measureVerification(p: BenchPlatform, entries: number): Promise<Figure[]> {
  const toFill = Math.max(0, entries - (await headSeq(p.db)))
  const fill = await timed(() => fillChain(p.db, toFill))
  const total = await headSeq(p.db)
  const run = await timed(() => verifyChain(p, total))
  return [
    { key: 'audit_fill_createmany_per_s', value: perSecond(toFill, fill.ms), unit: 'entries/s' },
    { key: 'audit_verify_entries', value: run.result.entries, unit: 'entries' },
    { key: 'audit_verify_s', value: run.ms / 1000, unit: 's' },
    { key: 'audit_verify_entries_per_s', value: perSecond(run.result.entries, run.ms), unit: 'entries/s' },
  ]
}

/** Anchors everything not yet anchored (the large log), then exactly SMALL_ANCHOR_ENTRIES more. */
async function measureAnchors(p: BenchPlatform, first: Anchored): Promise<Figure[]> {
  const [large] = await anchorThrough(p, await headSeq(p.db))
  const last = await p.db.auditAnchor.findFirstOrThrow({ orderBy: { toSeq: 'desc' } })
  await fillChain(p.db, SMALL_ANCHOR_ENTRIES - ((await headSeq(p.db)) - last.toSeq)) // the last anchor wrote an entry too
  const [small] = await anchorThrough(p, await headSeq(p.db))
  return [
    { key: 'audit_anchor_first_gas', value: Number(first.gasUsed), unit: 'gas (one-time storage included)' },
    ...anchorFigures('audit_anchor_large', large!),
    ...anchorFigures('audit_anchor_small', small!),
  ]
}

/** `count` sequential transactions, each appending one entry; returns each one's duration in ms. */
async function appendOneByOne(db: Db, count: number): Promise<number[]> {
  const latenciesMs: number[] = []
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    await db.$transaction((tx) =>
      appendAuditEntry(tx, { actorType: 'SYSTEM', actor: 'single-writer', action: 'bench.append', subjectType: 'BENCH', subject: `single-${i}`, decision: 'DONE', details: { i } }),
    )
    latenciesMs.push(performance.now() - t0)
  }
  return latenciesMs
}

/** Two writer processes on the same PostgreSQL database at once; then the whole chain must verify. */
async function measureTwoInstances(ctx: BenchContext, p: BenchPlatform, perInstance: number, concurrency: number): Promise<Figure[]> {
  const before = await headSeq(p.db)
  const writers = ['instance-a', 'instance-b'].map((name) => startWriter(ctx, { name, databaseUrl: p.databaseUrl!, count: perInstance, concurrency }))
  try {
    await Promise.all(writers.map((w) => w.ready))
    const run = await timed(() => {
      for (const w of writers) w.go()
      return Promise.all(writers.map((w) => w.done))
    })
    const appended = run.result.reduce((sum, r) => sum + r.appended, 0)
    const after = await headSeq(p.db)
    if (after !== before + appended) throw new Error(`2 instances appended ${appended} entries but the head moved by ${after - before}`)
    await verifyChain(p, after)
    return [
      { key: 'audit_append_per_s_2_instances', value: perSecond(appended, run.ms), unit: 'entries/s' },
      ...latencyFigures('audit_append_2_instances', run.result.flatMap((r) => r.latenciesMs)),
      { key: 'audit_2_instances_entries', value: appended, unit: 'entries' },
      { key: 'audit_2_instances_chain_ok', value: 1, unit: '1 = verified, no gap' },
    ]
  } finally {
    await Promise.all(writers.map((w) => w.stop()))
  }
}

function startWriter(ctx: BenchContext, args: WriterArgs) {
  const child = fork(WRITER_FILE, [JSON.stringify(args)], { stdio: ['ignore', 2, 2, 'ipc'] }) // inherits tsx's loader
  const stop = ctx.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  const failed = new Promise<never>((_, reject) => {
    child.on('message', (m: WriterMessage) => m.type === 'failed' && reject(new Error(`${args.name}: ${m.error}`)))
    child.once('exit', (code, signal) => (code !== 0 || signal) && reject(new Error(`${args.name} exited with ${signal ?? code}`)))
  })
  failed.catch(() => undefined) // reported through `ready` / `done`
  const message = <T extends WriterMessage['type']>(type: T) =>
    Promise.race([failed, new Promise<Extract<WriterMessage, { type: T }>>((resolve) => child.on('message', (m: WriterMessage) => m.type === type && resolve(m as never)))])
  return { ready: message('ready'), done: message('done'), go: () => child.send('go'), stop }
}

/** Appends `count` entries that continue the chain validly, in createMany batches, moving the head with each batch. */
async function fillChain(db: Db, count: number): Promise<void> {
  let { seq, lastHash } = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })
  const baseTime = Date.now()
  for (let remaining = count; remaining > 0; ) {
    const rows = Array.from({ length: Math.min(FILL_BATCH, remaining) }, () => {
      seq++
      const entry = {
        seq,
        at: new Date(baseTime + seq),
        actorType: 'SYSTEM',
        actor: `filler-${seq % 7}`,
        orgId: null,
        action: 'bench.fill',
        subjectType: 'BENCH',
        subject: `fill-${seq}`,
        decision: 'DONE',
        reasonCode: null,
        details: canonicalJson({ seq }),
        prevHash: lastHash,
      }
      lastHash = computeAuditEntryHash(entry)
      return { ...entry, hash: lastHash }
    })
    await db.$transaction([db.auditEntry.createMany({ data: rows }), db.auditHead.update({ where: { id: 1 }, data: { seq, lastHash } })])
    remaining -= rows.length
  }
}

/** verifyAuditChain on the platform's chain; throws unless the chain is intact and holds `expectedEntries`. */
async function verifyChain(p: BenchPlatform, expectedEntries: number) {
  const report = await verifyAuditChain({ db: p.db, provider: p.provider, registry: p.chain.registry, platformDid: p.platformOrg.did })
  if (!report.ok) throw new Error(`audit chain does not verify: ${report.problem?.message}`)
  if (report.entries !== expectedEntries) throw new Error(`audit chain holds ${report.entries} entries, expected ${expectedEntries}`)
  return report
}

type Anchored = Extract<AnchorOutcome, { status: 'anchored' }>

/** Anchors until entry `seq` is covered (more than one anchor past MAX_ENTRIES_PER_ANCHOR). */
async function anchorThrough(p: BenchPlatform, seq: number): Promise<Anchored[]> {
  const anchored: Anchored[] = []
  while ((anchored.at(-1)?.toSeq ?? 0) < seq) {
    const outcome = await anchorAuditLog(p)
    if (outcome.status !== 'anchored') throw new Error(`anchoring answered ${outcome.status}`)
    anchored.push(outcome)
  }
  return anchored
}

async function headSeq(db: Db): Promise<number> {
  return (await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq
}

function anchorFigures(prefix: string, anchor: Anchored): Figure[] {
  if (anchor.gasUsed === null) throw new Error(`anchor ${anchor.fromSeq}..${anchor.toSeq} was adopted from the chain; no gas figure`)
  const entries = anchor.toSeq - anchor.fromSeq + 1
  const gas = Number(anchor.gasUsed)
  return [
    { key: `${prefix}_entries`, value: entries, unit: 'entries' },
    { key: `${prefix}_gas`, value: gas, unit: 'gas' },
    { key: `${prefix}_gas_per_entry`, value: gas / entries, unit: 'gas/entry' },
  ]
}
