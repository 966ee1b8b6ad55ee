-- AlterTable
ALTER TABLE "StatusListGroup" ADD COLUMN     "frozen" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "KeyRotation" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "oldKeyId" TEXT NOT NULL,
    "newKeyId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "reissued" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KeyRotation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KeyRotation_orgId_createdAt_idx" ON "KeyRotation"("orgId", "createdAt");
