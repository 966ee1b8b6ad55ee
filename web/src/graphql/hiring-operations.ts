/** Hiring (candidates, presentation requests, hire) and the monitoring of hired staff. */
import { defineOperation } from './client.ts'
import { REPORT_FIELDS } from './credential-operations.ts'
import type { Candidate, CandidateSummary, MonitoredClinician } from './types.ts'

const CANDIDATE_SUMMARY_FIELDS = /* GraphQL */ `
  fragment CandidateSummaryFields on Candidate {
    id name email stage holderDid policyName expiresAt verifiedAt hiredAt privilegeCredentialId createdAt
  }
`

const CANDIDATE_FIELDS = /* GraphQL */ `
  fragment CandidateFields on Candidate {
    ...CandidateSummaryFields
    requestUrl challenge domain
    report { ...ReportFields }
  }
  ${CANDIDATE_SUMMARY_FIELDS}
  ${REPORT_FIELDS}
`

export const CANDIDATES_QUERY = defineOperation<{ candidates: CandidateSummary[] }, { stage?: string | null }>(
  'Candidates',
  /* GraphQL */ `
    query Candidates($stage: String) { candidates(stage: $stage) { ...CandidateSummaryFields } }
    ${CANDIDATE_SUMMARY_FIELDS}
  `,
)

export const CANDIDATE_QUERY = defineOperation<{ candidate: Candidate }, { id: string }>(
  'Candidate',
  /* GraphQL */ `
    query Candidate($id: ID!) { candidate(id: $id) { ...CandidateFields } }
    ${CANDIDATE_FIELDS}
  `,
)

export const CREATE_CANDIDATE_MUTATION = defineOperation<{ createCandidate: Candidate }, { name: string; email?: string | null; policy?: string | null }>(
  'CreateCandidate',
  /* GraphQL */ `
    mutation CreateCandidate($name: String!, $email: String, $policy: String) {
      createCandidate(name: $name, email: $email, policy: $policy) { ...CandidateFields }
    }
    ${CANDIDATE_FIELDS}
  `,
)

export const RENEW_CANDIDATE_REQUEST_MUTATION = defineOperation<{ renewCandidateRequest: Candidate }, { id: string }>(
  'RenewCandidateRequest',
  /* GraphQL */ `
    mutation RenewCandidateRequest($id: ID!) { renewCandidateRequest(id: $id) { ...CandidateFields } }
    ${CANDIDATE_FIELDS}
  `,
)

export interface HireVariables {
  id: string
  role: string
  department: string
  recordCategories: string[]
  validUntil: string
  [key: string]: unknown
}

export const HIRE_CANDIDATE_MUTATION = defineOperation<{ hireCandidate: Candidate }, HireVariables>(
  'HireCandidate',
  /* GraphQL */ `
    mutation HireCandidate($id: ID!, $role: String!, $department: String!, $recordCategories: [String!]!, $validUntil: String!) {
      hireCandidate(id: $id, role: $role, department: $department, recordCategories: $recordCategories, validUntil: $validUntil) { ...CandidateFields }
    }
    ${CANDIDATE_FIELDS}
  `,
)

export const REJECT_CANDIDATE_MUTATION = defineOperation<{ rejectCandidate: Candidate }, { id: string; reason: string }>(
  'RejectCandidate',
  /* GraphQL */ `
    mutation RejectCandidate($id: ID!, $reason: String!) { rejectCandidate(id: $id, reason: $reason) { ...CandidateFields } }
    ${CANDIDATE_FIELDS}
  `,
)

const MONITORED_FIELDS = /* GraphQL */ `
  fragment MonitoredFields on MonitoredClinician {
    id name holderDid licenseState licenseExpiresAt privilegeState privilegeExpiresAt lastCheckedAt licenseNumber jurisdiction
  }
`

export const MONITORED_STAFF_QUERY = defineOperation<{ monitoredStaff: MonitoredClinician[] }>(
  'MonitoredStaff',
  /* GraphQL */ `
    query MonitoredStaff { monitoredStaff { ...MonitoredFields } }
    ${MONITORED_FIELDS}
  `,
)

export const RECHECK_STAFF_MUTATION = defineOperation<{ recheckStaff: MonitoredClinician[] }>(
  'RecheckStaff',
  /* GraphQL */ `
    mutation RecheckStaff { recheckStaff { ...MonitoredFields } }
    ${MONITORED_FIELDS}
  `,
)
