/**
 * Verification figures (issue 6): full presentation verifications per second (one licence + one privilege
 * credential in a VP, warm caches, every check on, the challenge consumed and the decision audited), next to
 * the signature limit (raw ES256K verifications per second with node:crypto in this process, divided by the
 * signatures a presentation needs) and Veramo's own verifyPresentation + verifyCredential on the same inputs;
 * the cold-cache figure; p50/p99 of POST /presentations/verify under 50 concurrent clients. Warm runs keep
 * `--verify-concurrency` verifications in flight (a server sees concurrent requests), and also one at a time.
 */
import crypto from 'node:crypto'
import { ChainAwareResolver } from '../../../agent-config/src/resolver/chain-aware-resolver.js'
import { issueChallenge } from '../../src/domain/verification/challenges.js'
import { finalizePresentation } from '../../src/domain/verification/record-verification.js'
import { publicKeyObject } from '../../src/domain/verification/secp256k1.js'
import { StatusListClient } from '../../src/domain/verification/status-list-client.js'
import { Verifier } from '../../src/domain/verification/verifier.js'
import { RateLimiter, RATE_LIMITS } from '../../src/http/rate-limit.js'
import { seedCredentialWorld } from '../../src/testing/credential-fixtures.js'
import { startTestServer } from '../../src/testing/test-server.js'
import { latencyFigures, perSecond, type FigureGroup } from '../report.js'
import { startBenchPlatform, timed, type Suite } from '../suite.js'

const DOMAIN = 'hospital.example.org'
const SIGNATURES_PER_PRESENTATION = 3 // the VP, the licence, the privilege

export const verificationSuite: Suite = {
  name: 'verification',
  description: 'presentation verifications/s vs the ES256K signature limit and Veramo; cold cache; HTTP latency under 50 clients',
  flags: {
    'verify-count': 'presentations verified in the warm run (default 2000 x scale)',
    'verify-http-requests': 'requests in the 50-client HTTP run (default 1000 x scale)',
    'verify-concurrency': 'verifications in flight at once in the warm runs, as a server sees concurrent requests (default 64)',
  },
  async run(ctx) {
    const group: FigureGroup = { bench: 'verification', figures: [] }
    const add = (key: string, value: number, unit: string) => group.figures.push({ key, value, unit })
    const count = ctx.intFlag('verify-count', 2000 * ctx.scale)
    const httpRequests = ctx.intFlag('verify-http-requests', 1000 * ctx.scale)
    const concurrency = ctx.intFlag('verify-concurrency', 64)
    ctx.log('verification: starting platform')
    const p = await startBenchPlatform(ctx, 'sqlite')
    p.rateLimiter = new RateLimiter({ ...RATE_LIMITS, verify: { limit: 1e9, windowMs: 60_000 }, challenge: { limit: 1e9, windowMs: 60_000 } })
    const server = await startTestServer(p)
    ctx.defer(() => server.close())
    const w = await seedCredentialWorld(p)
    const credentials = [w.license.jwt, w.privilege.jwt]
    const makeVps = async (n: number) => {
      const out: Array<{ vp: string; challenge: string }> = []
      for (let i = 0; i < n; i++) {
        const { challenge } = await issueChallenge(p.db, { domain: DOMAIN })
        out.push({ vp: await w.clinician.present(credentials, challenge, DOMAIN), challenge })
      }
      return out
    }

    // 1. the signature limit: raw ES256K verifications per second, node:crypto, this process
    const [h, pl, s] = w.license.jwt.split('.')
    const identifier = await p.agent.didManagerGet({ did: w.board.did })
    const key = publicKeyObject(identifier.keys[0]!.publicKeyHex)
    const data = Buffer.from(`${h}.${pl}`)
    const sig = Buffer.from(s!, 'base64url')
    const rawN = 20_000
    const raw = await timed(async () => {
      let ok = 0
      for (let i = 0; i < rawN; i++) if (crypto.verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)) ok++
      if (ok !== rawN) throw new Error('raw signature check failed')
    })
    const rawPerS = perSecond(rawN, raw.ms)
    add('raw_es256k_verify_per_s', rawPerS, '/s')
    add('signatures_per_presentation', SIGNATURES_PER_PRESENTATION, 'count')
    add('signature_limit_vp_per_s', rawPerS / SIGNATURES_PER_PRESENTATION, '/s')

    // 2. warm: our pipeline, every check on, the challenge consumed and the decision audited; `concurrency`
    //    verifications in flight (one process, one thread: what a server does with concurrent requests), and
    //    one at a time (each then waits alone for its chain-head query and its own transaction).
    const full = async ({ vp, challenge }: { vp: string; challenge: string }) => {
      const r = await finalizePresentation(p.db, await p.verifier.verifyPresentation(vp, { challenge, domain: DOMAIN }), { actor: { actorType: 'SYSTEM', actor: 'bench' } })
      if (!r.verified) throw new Error(`presentation not verified: ${JSON.stringify(r.checks.filter((c) => !c.passed))}`)
    }
    const checksOnly = async ({ vp, challenge }: { vp: string; challenge: string }) => {
      if (!(await p.verifier.verifyPresentation(vp, { challenge, domain: DOMAIN })).report.verified) throw new Error('not verified')
    }
    ctx.log(`verification: preparing ${count * 2} presentations`)
    await inFlight(await makeVps(50), concurrency, full)
    const [fullVps, checksVps] = [await makeVps(count), await makeVps(count)]
    const sequentialN = Math.max(100, Math.round(count / 4))
    const sequentialVps = await makeVps(sequentialN)
    ctx.log(`verification: warm runs (${concurrency} in flight, then one at a time)`)
    // verify_vp_per_s: the verification itself, every check on (the challenge looked up, not yet consumed);
    // verify_vp_audited_per_s: the decision too (challenge consumed and audit entry, group-committed).
    const ours = perSecond(count, (await timed(() => inFlight(checksVps, concurrency, checksOnly))).ms)
    add('verify_vp_per_s', ours, '/s')
    const audited = perSecond(count, (await timed(() => inFlight(fullVps, concurrency, full))).ms)
    add('verify_vp_audited_per_s', audited, '/s')
    add('verify_vp_concurrency', concurrency, 'count')
    add('verify_vp_audited_sequential_per_s', perSecond(sequentialN, (await timed(() => inFlight(sequentialVps, 1, full))).ms), '/s')

    // 3. Veramo's own path on the same inputs and the same concurrency (its verifyPresentation does not check
    //    the embedded credentials, so each is verified too; it consumes no challenge and writes no audit entry)
    const veramoN = Math.max(50, Math.round(count / 10))
    const veramoVps = await makeVps(veramoN)
    await p.agent.verifyPresentation({ presentation: veramoVps[0]!.vp, challenge: veramoVps[0]!.challenge, domain: DOMAIN })
    const veramo = await timed(() =>
      inFlight(veramoVps, concurrency, async ({ vp, challenge }) => {
        const r = await p.agent.verifyPresentation({ presentation: vp, challenge, domain: DOMAIN })
        if (!r.verified) throw new Error(`Veramo did not verify: ${r.error?.message}`)
        for (const c of credentials) if (!(await p.agent.verifyCredential({ credential: c })).verified) throw new Error('Veramo did not verify a credential')
      }),
    )
    const veramoPerS = perSecond(veramoN, veramo.ms)
    add('veramo_vp_per_s', veramoPerS, '/s')
    add('ratio_to_signature_limit', ours / (rawPerS / SIGNATURES_PER_PRESENTATION), 'x')
    add('ratio_to_veramo', ours / veramoPerS, 'x')
    add('audited_ratio_to_signature_limit', audited / (rawPerS / SIGNATURES_PER_PRESENTATION), 'x')
    add('audited_ratio_to_veramo', audited / veramoPerS, 'x')

    // 4. cold cache: a fresh resolver and status list client for every presentation
    const coldN = Math.max(10, Math.round(30 * ctx.scale))
    const coldVps = await makeVps(coldN)
    const cold = await timed(async () => {
      for (const { vp, challenge } of coldVps) {
        const resolver = new ChainAwareResolver({ provider: p.provider, chainId: p.chain.chainId, registry: p.chain.registry, networkName: p.networkName })
        const statusLists = new StatusListClient(resolver, undefined) // over HTTP, like another verifier would
        const verifier = new Verifier({ db: p.db, resolver, statusLists })
        if (!(await verifier.verifyPresentation(vp, { challenge, domain: DOMAIN })).report.verified) throw new Error('cold presentation not verified')
      }
    })
    add('verify_vp_cold_per_s', perSecond(coldN, cold.ms), '/s')

    // 5. POST /presentations/verify under 50 concurrent clients
    ctx.log(`verification: ${httpRequests} HTTP requests, 50 clients`)
    const httpVps = await makeVps(httpRequests)
    const latencies: number[] = []
    let next = 0
    let failures = 0
    const client = async () => {
      while (next < httpVps.length) {
        const { vp, challenge } = httpVps[next++]!
        const started = performance.now()
        const res = await fetch(`${server.baseUrl}/presentations/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ verifiablePresentation: vp, options: { challenge, domain: DOMAIN } }),
        })
        const body = (await res.json()) as { verified?: boolean }
        latencies.push(performance.now() - started)
        if (!body.verified) failures++
      }
    }
    const http = await timed(() => Promise.all(Array.from({ length: 50 }, client)))
    if (failures > 0) throw new Error(`${failures} HTTP verifications failed`)
    group.figures.push(...latencyFigures('http_verify_50_clients', latencies))
    add('http_verify_50_clients_per_s', perSecond(httpRequests, http.ms), '/s')
    return [group]
  },
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
async function inFlight<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
