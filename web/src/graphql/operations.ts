/**
 * Session and platform operations. The others live beside them by area: credential-operations.ts (licences,
 * accreditation, imports, verification), hiring-operations.ts, audit-operations.ts, wallet-operations.ts —
 * each typed with its result and variables.
 */
import { defineOperation } from './client.ts'
import type { PlatformInfo, StaffSession } from './types.ts'

const STAFF_SESSION_FIELDS = /* GraphQL */ `
  fragment StaffSessionFields on StaffSession {
    csrfToken
    account {
      id
      email
      name
      roles
      organization { id name kind did jurisdiction }
    }
  }
`

export const SESSION_QUERY = defineOperation<{ session: StaffSession | null }>(
  'Session',
  /* GraphQL */ `
    query Session { session { ...StaffSessionFields } }
    ${STAFF_SESSION_FIELDS}
  `,
)

export const LOGIN_MUTATION = defineOperation<{ login: StaffSession }, { email: string; password: string }>(
  'Login',
  /* GraphQL */ `
    mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ...StaffSessionFields } }
    ${STAFF_SESSION_FIELDS}
  `,
)

export const LOGOUT_MUTATION = defineOperation<{ logout: boolean }>(
  'Logout',
  /* GraphQL */ `
    mutation Logout { logout }
  `,
)

export const PLATFORM_QUERY = defineOperation<{ platform: PlatformInfo }>(
  'Platform',
  /* GraphQL */ `
    query Platform { platform { chainId didPrefix registry platformDid } }
  `,
)
