-- AlterTable
ALTER TABLE "AuditAnchor" ADD COLUMN "claimedAt" DATETIME;
ALTER TABLE "AuditAnchor" ADD COLUMN "claimedBy" TEXT;
