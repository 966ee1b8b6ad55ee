/**
 * Verification figures (issue 6): full presentation verifications per second (one licence + one privilege
 * credential in a VP, warm caches, every check on, the challenge consumed and the decision audited), next to
 * the signature limit (raw ES256K verifications per second with node:crypto in this process, divided by the
 * signatures a presentation needs) and Veramo's own verifyPresentation + verifyCredential on the same inputs;
 * the cold-cache figure; p50/p99 of POST /presentations/verify under 50 concurrent clients.
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
  },
  async run(ctx) {
    const group: FigureGroup = { bench: 'verification', figures: [] }
    const add = (key: string, value: number, unit: string) => group.figures.push({ key, value, unit })
    const count = ctx.intFlag('verify-count', 2000 * ctx.scale)
    const httpRequests = ctx.intFlag('verify-http-requests', 1000 * ctx.scale)
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

    // 2. warm: our pipeline, sequential, every check on, challenge consumed and audited
    ctx.log(`verification: preparing ${count} presentations`)
    const warmUp = await makeVps(20)
    for (const { vp, challenge } of warmUp) {
      const r = await finalizePresentation(p.db, await p.verifier.verifyPresentation(vp, { challenge, domain: DOMAIN }), { actor: { actorType: 'SYSTEM', actor: 'bench' } })
      if (!r.verified) throw new Error(`warm-up presentation not verified: ${JSON.stringify(r.checks.filter((c) => !c.passed))}`)
    }
    const vps = await makeVps(count)
    ctx.log('verification: warm run')
    const warm = await timed(async () => {
      for (const { vp, challenge } of vps) {
        const r = await finalizePresentation(p.db, await p.verifier.verifyPresentation(vp, { challenge, domain: DOMAIN }), { actor: { actorType: 'SYSTEM', actor: 'bench' } })
        if (!r.verified) throw new Error('presentation not verified in the warm run')
      }
    })
    const ours = perSecond(count, warm.ms)
    add('verify_vp_per_s', ours, '/s')
    const checksOnlyVps = await makeVps(count)
    const checksOnly = await timed(async () => {
      for (const { vp, challenge } of checksOnlyVps) if (!(await p.verifier.verifyPresentation(vp, { challenge, domain: DOMAIN })).report.verified) throw new Error('not verified')
    })
    add('verify_vp_checks_only_per_s', perSecond(count, checksOnly.ms), '/s')

    // 3. Veramo's own path on the same inputs (its verifyPresentation does not check the embedded credentials)
    const veramoN = Math.max(50, Math.round(count / 10))
    const veramoVps = await makeVps(veramoN)
    await p.agent.verifyPresentation({ presentation: veramoVps[0]!.vp, challenge: veramoVps[0]!.challenge, domain: DOMAIN })
    const veramo = await timed(async () => {
      for (const { vp, challenge } of veramoVps) {
        const r = await p.agent.verifyPresentation({ presentation: vp, challenge, domain: DOMAIN })
        if (!r.verified) throw new Error(`Veramo did not verify: ${r.error?.message}`)
        for (const c of credentials) if (!(await p.agent.verifyCredential({ credential: c })).verified) throw new Error('Veramo did not verify a credential')
      }
    })
    const veramoPerS = perSecond(veramoN, veramo.ms)
    add('veramo_vp_per_s', veramoPerS, '/s')
    add('ratio_to_signature_limit', ours / (rawPerS / SIGNATURES_PER_PRESENTATION), 'x')
    add('ratio_to_veramo', ours / veramoPerS, 'x')

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
