/** Licences, accreditation, licence imports and credential verification. */
import { defineOperation } from './client.ts'
import type {
  AccreditationInput,
  CredentialPage,
  CredentialSearchInput,
  IssuedCredential,
  IssuedCredentialWithHistory,
  LicenseImport,
  LicenseInput,
  StatusAction,
  VerificationReport,
} from './types.ts'

const CREDENTIAL_FIELDS = /* GraphQL */ `
  fragment CredentialFields on IssuedCredential {
    id type issuerDid subjectDid claims status statusReason issuedAt validUntil supersedesId supersededById
  }
`

const REPORT_FIELDS = /* GraphQL */ `
  fragment ReportFields on VerificationReport {
    verified
    holder
    checks { check passed code message credentialId }
    credentials {
      id types issuer subject claims issuanceDate expirationDate verified
      checks { check passed code message credentialId }
    }
  }
`

export { REPORT_FIELDS }

export const ISSUED_CREDENTIALS_QUERY = defineOperation<{ issuedCredentials: CredentialPage }, { search: CredentialSearchInput }>(
  'IssuedCredentials',
  /* GraphQL */ `
    query IssuedCredentials($search: CredentialSearchInput) {
      issuedCredentials(search: $search) { total items { ...CredentialFields } }
    }
    ${CREDENTIAL_FIELDS}
  `,
)

export const ISSUED_CREDENTIAL_QUERY = defineOperation<{ issuedCredential: IssuedCredentialWithHistory }, { id: string }>(
  'IssuedCredential',
  /* GraphQL */ `
    query IssuedCredential($id: ID!) {
      issuedCredential(id: $id) { ...CredentialFields statusHistory { action reason actor at } }
    }
    ${CREDENTIAL_FIELDS}
  `,
)

export const ISSUE_LICENSE_MUTATION = defineOperation<{ issueLicense: IssuedCredential }, { input: LicenseInput }>(
  'IssueLicense',
  /* GraphQL */ `
    mutation IssueLicense($input: LicenseInput!) { issueLicense(input: $input) { ...CredentialFields } }
    ${CREDENTIAL_FIELDS}
  `,
)

export const ACCREDIT_BOARD_MUTATION = defineOperation<{ accreditBoard: IssuedCredential }, { input: AccreditationInput }>(
  'AccreditBoard',
  /* GraphQL */ `
    mutation AccreditBoard($input: AccreditationInput!) { accreditBoard(input: $input) { ...CredentialFields } }
    ${CREDENTIAL_FIELDS}
  `,
)

export const CHANGE_CREDENTIAL_STATUS_MUTATION = defineOperation<
  { changeCredentialStatus: IssuedCredentialWithHistory },
  { id: string; action: StatusAction; reason: string }
>(
  'ChangeCredentialStatus',
  /* GraphQL */ `
    mutation ChangeCredentialStatus($id: ID!, $action: String!, $reason: String!) {
      changeCredentialStatus(id: $id, action: $action, reason: $reason) { ...CredentialFields statusHistory { action reason actor at } }
    }
    ${CREDENTIAL_FIELDS}
  `,
)

const IMPORT_FIELDS = /* GraphQL */ `
  fragment ImportFields on LicenseImport {
    id fileName status stalled totalRows processed issued skipped failed errorCount createdAt
    errors(limit: 50) { row field reason }
  }
`

export const IMPORT_LICENSES_MUTATION = defineOperation<{ importLicenses: LicenseImport }, { fileName: string; csv: string }>(
  'ImportLicenses',
  /* GraphQL */ `
    mutation ImportLicenses($fileName: String!, $csv: String!) { importLicenses(fileName: $fileName, csv: $csv) { ...ImportFields } }
    ${IMPORT_FIELDS}
  `,
)

export const LICENSE_IMPORT_QUERY = defineOperation<{ licenseImport: LicenseImport }, { id: string }>(
  'LicenseImport',
  /* GraphQL */ `
    query LicenseImport($id: ID!) { licenseImport(id: $id) { ...ImportFields } }
    ${IMPORT_FIELDS}
  `,
)

/** Where the server serves an import's error report as CSV (same origin, staff cookie). */
export function importErrorsCsvUrl(importId: string): string {
  return `/imports/licenses/${encodeURIComponent(importId)}/errors.csv`
}

export const VERIFY_CREDENTIAL_MUTATION = defineOperation<{ verifyCredential: VerificationReport }, { credential: string }>(
  'VerifyCredential',
  /* GraphQL */ `
    mutation VerifyCredential($credential: String!) { verifyCredential(credential: $credential) { ...ReportFields } }
    ${REPORT_FIELDS}
  `,
)
