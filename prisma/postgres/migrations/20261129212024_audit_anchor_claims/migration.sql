-- AlterTable
ALTER TABLE "AuditAnchor" ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "claimedBy" TEXT;
