/** Every benchmark suite, in the order `npm run bench` runs them. A new suite: one file here, one line below. */
import type { Suite } from '../suite.js'
import { auditSuite } from './audit.js'
import { issuanceSuite } from './issuance.js'
import { recordsSuite } from './records.js'
import { scaleSuite } from './scale.js'
import { verificationSuite } from './verification.js'

export const SUITES: Suite[] = [auditSuite, issuanceSuite, verificationSuite, recordsSuite, scaleSuite]
