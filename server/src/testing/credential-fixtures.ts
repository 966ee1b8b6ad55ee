/**
 * A small credential world for verification and records tests: a trust anchor, an accredited board, a
 * hospital, a clinician holding her own key with a licence and staff privileges. Real chain, real database.
 */
import { licenseClaims, seedAccreditation, seedBoard, seedCredential, seedHospital, seedStaff, seedTrustAnchor } from '../../../prisma/seed/seed-functions.js'
import type { Platform } from '../platform.js'
import { HolderWallet } from '../wallet/holder-wallet.js'

export async function seedCredentialWorld(p: Platform, options: { jurisdiction?: string } = {}) {
  const jurisdiction = options.jurisdiction ?? 'US-CA'
  const anchor = await seedTrustAnchor(p)
  const board = await seedBoard(p, { jurisdiction })
  const hospital = await seedHospital(p, { jurisdiction })
  await seedAccreditation(p, { anchor, board, licenseTypes: ['MD', 'RN', 'NP'], jurisdictions: [jurisdiction] })
  const boardAdmin = await seedStaff(p, { orgId: board.id, roles: ['BOARD_ADMIN'] })
  const hr = await seedStaff(p, { orgId: hospital.id, roles: ['HR', 'HOSPITAL_ADMIN'] })
  const { wallet: clinician } = HolderWallet.create(p.chain.didPrefix)
  const license = await seedCredential(p, { issuer: board, type: 'ClinicianLicenseCredential', subjectDid: clinician.did, claims: licenseClaims({ name: 'Dr. Alice Nguyen', jurisdiction }) })
  const privilege = await seedCredential(p, {
    issuer: hospital,
    type: 'StaffPrivilegeCredential',
    subjectDid: clinician.did,
    claims: { name: 'Dr. Alice Nguyen', role: 'Attending physician', department: 'Emergency', recordCategories: ['allergies', 'medications', 'conditions'] },
  })
  return { anchor, board, hospital, boardAdmin, hr, clinician, license, privilege }
}

/** Assembles a compact JWS from parts (for forged and malformed inputs). */
export function forgeJwt(header: unknown, payload: unknown, signature = 'c2ln'): string {
  const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url')
  return `${enc(header)}.${enc(payload)}.${signature}`
}
