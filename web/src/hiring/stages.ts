/** Candidate stages and monitoring states as people read them. */
import type { BadgeTone } from '../components/badge.tsx'

const STAGES: Record<string, { label: string; tone: BadgeTone; hint: string }> = {
  INVITED: { label: 'Waiting for credentials', tone: 'info', hint: 'The candidate has not answered the request yet.' },
  VERIFIED: { label: 'Verified', tone: 'success', hint: 'Ready to hire: review the report, then issue privileges.' },
  FAILED: { label: 'Failed verification', tone: 'danger', hint: 'At least one check did not pass.' },
  HIRING: { label: 'Hiring…', tone: 'info', hint: 'Privileges are being issued right now. This page updates by itself when the hire completes.' },
  HIRED: { label: 'Hired', tone: 'success', hint: 'Privileges issued; the licence is monitored.' },
  REJECTED: { label: 'Not hired', tone: 'neutral', hint: 'The application was closed.' },
}

export const STAGE_OPTIONS = Object.entries(STAGES).map(([value, { label }]) => ({ value, label }))

export function stageLabel(stage: string): string {
  return STAGES[stage]?.label ?? stage
}

export function stageTone(stage: string): BadgeTone {
  return STAGES[stage]?.tone ?? 'neutral'
}

export function stageHint(stage: string): string {
  return STAGES[stage]?.hint ?? ''
}
