/** Creates a staff account in an organisation (used by seeds and by hospital admins). */
import { z } from 'zod'
import type { DbTx } from '../../db.js'
import { AppError, validationError } from '../../errors.js'
import { hashPassword } from './password.js'
import { formatRoles, StaffRole } from './roles.js'

export const CreateStaffAccountInput = z.object({
  orgId: z.string().min(1),
  email: z.string().trim().toLowerCase().email('must be an email address').max(254),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
  roles: z.array(StaffRole).min(1, 'at least one role'),
})
export type CreateStaffAccountInput = z.input<typeof CreateStaffAccountInput>

export async function createStaffAccount(db: DbTx, input: CreateStaffAccountInput) {
  const parsed = CreateStaffAccountInput.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error.issues)
  const { orgId, email, name, password, roles } = parsed.data
  if (await db.staffAccount.findUnique({ where: { email } })) throw new AppError('CONFLICT', 'An account with this email already exists')
  return db.staffAccount.create({ data: { orgId, email, name, passwordHash: await hashPassword(password), roles: formatRoles(roles) } })
}
