/**
 * The route table: one entry per page, matched by exact path (a trailing slash is ignored). `access` says who
 * may see a page: `public` anyone, `guest` only the signed-out (sign-in), `staff` signed-in staff whose roles
 * open the page's area (navigation.ts). Anything else is the 404 page.
 */
import type { ComponentType } from 'react'
import { areaAt, type Area } from '../navigation.ts'
import { HomePage } from './home-page.tsx'
import { LoginPage } from './login-page.tsx'

export interface RouteDefinition {
  path: string
  /** The document title's first part ("Sign in · CredGate"). */
  title: string
  access: 'public' | 'guest' | 'staff'
  component: ComponentType
}

export const ROUTES: readonly RouteDefinition[] = [
  { path: '/', title: 'Home', access: 'staff', component: HomePage },
  { path: '/login', title: 'Sign in', access: 'guest', component: LoginPage },
]

export function matchRoute(pathname: string): RouteDefinition | undefined {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  return ROUTES.find((route) => route.path === normalized)
}

/** The area (and so the roles) a staff page belongs to. */
export function areaOf(route: RouteDefinition): Area | undefined {
  return areaAt(route.path)
}
