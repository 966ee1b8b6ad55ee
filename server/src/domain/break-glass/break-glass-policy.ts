/** Break-glass rules: what the emergency summary holds, how long a window stays open, what a reason must be. */
import { z } from 'zod'
import type { RecordCategory } from '../credentials/credential-types.js'

export const EMERGENCY_CATEGORIES: readonly RecordCategory[] = ['allergies', 'medications', 'conditions']
/** A break-glass window: reads of the emergency summary without consent for this long, then closed. */
export const BREAK_GLASS_WINDOW_MS = 60 * 60_000

export const BreakGlassReason = z.string().trim().min(10, 'state the emergency (at least 10 characters)').max(500)
export const ReviewNote = z.string().trim().min(3, 'is required').max(1000)
