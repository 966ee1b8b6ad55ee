/**
 * The route table: one entry per page, matched by path pattern (":id" segments; a trailing slash is ignored).
 * `access` says who may see a page: `public` anyone (the wallet), `guest` only the signed-out (sign-in),
 * `staff` signed-in staff whose roles open the page's area (navigation.ts; `area` names it when the page lives
 * below the area's own path). Anything else is the 404 page. The wallet pages load on demand, so staff never
 * download its signing code.
 */
import { lazy, type ComponentType } from 'react'
import { areaAt, type Area } from '../navigation.ts'
import { matchPath, type RouteParams } from '../router/router.tsx'
import { AccreditationPage } from './accreditation-page.tsx'
import { AlertsPage } from './alerts-page.tsx'
import { AuditPage } from './audit-page.tsx'
import { CandidatePage } from './candidate-page.tsx'
import { HiringPage } from './hiring-page.tsx'
import { HomePage } from './home-page.tsx'
import { ImportLicencesPage } from './import-licences-page.tsx'
import { IssueLicencePage } from './issue-licence-page.tsx'
import { LicencePage } from './licence-page.tsx'
import { LicencesPage } from './licences-page.tsx'
import { LoginPage } from './login-page.tsx'
import { StaffMonitoringPage } from './staff-monitoring-page.tsx'

const WalletPage = lazy(() => import('./wallet-page.tsx').then((m) => ({ default: m.WalletPage })))
const WalletPresentPage = lazy(() => import('./wallet-present-page.tsx').then((m) => ({ default: m.WalletPresentPage })))

export interface RouteDefinition {
  path: string
  /** The area (navigation.ts) a staff page belongs to, when it is not the page's own path. */
  area?: string
  /** The document title's first part ("Sign in · CredGate"). */
  title: string
  access: 'public' | 'guest' | 'staff'
  component: ComponentType
}

export const ROUTES: readonly RouteDefinition[] = [
  { path: '/', title: 'Home', access: 'staff', component: HomePage },
  { path: '/login', title: 'Sign in', access: 'guest', component: LoginPage },
  { path: '/licences', title: 'Licences', access: 'staff', component: LicencesPage },
  { path: '/licences/new', area: '/licences', title: 'Issue a licence', access: 'staff', component: IssueLicencePage },
  { path: '/licences/import', area: '/licences', title: 'Import licences', access: 'staff', component: ImportLicencesPage },
  { path: '/licences/:id', area: '/licences', title: 'Licence', access: 'staff', component: LicencePage },
  { path: '/accreditation', title: 'Accreditation', access: 'staff', component: AccreditationPage },
  { path: '/hiring', title: 'Hiring', access: 'staff', component: HiringPage },
  { path: '/hiring/:id', area: '/hiring', title: 'Candidate', access: 'staff', component: CandidatePage },
  { path: '/staff', title: 'Staff', access: 'staff', component: StaffMonitoringPage },
  { path: '/alerts', title: 'Alerts', access: 'staff', component: AlertsPage },
  { path: '/oversight/audit', title: 'Audit log', access: 'staff', component: AuditPage },
  { path: '/wallet', title: 'Wallet', access: 'public', component: WalletPage },
  { path: '/wallet/present', title: 'Present credentials', access: 'public', component: WalletPresentPage },
]

export interface RouteMatch {
  route: RouteDefinition
  params: RouteParams
}

/** The first route whose pattern matches (literal routes are listed before ":id" ones). */
export function matchRoute(pathname: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname)
    if (params) return { route, params }
  }
  return undefined
}

/** The area (and so the roles) a staff page belongs to. */
export function areaOf(route: RouteDefinition): Area | undefined {
  return areaAt(route.area ?? route.path)
}
