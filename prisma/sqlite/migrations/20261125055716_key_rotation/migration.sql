-- CreateTable
CREATE TABLE "KeyRotation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "oldKeyId" TEXT NOT NULL,
    "newKeyId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "reissued" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StatusListGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "issuerDid" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "size" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL DEFAULT 0,
    "full" BOOLEAN NOT NULL DEFAULT false,
    "frozen" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_StatusListGroup" ("allocated", "createdAt", "full", "id", "issuerDid", "orgId", "sequence", "size", "version") SELECT "allocated", "createdAt", "full", "id", "issuerDid", "orgId", "sequence", "size", "version" FROM "StatusListGroup";
DROP TABLE "StatusListGroup";
ALTER TABLE "new_StatusListGroup" RENAME TO "StatusListGroup";
CREATE INDEX "StatusListGroup_orgId_issuerDid_full_idx" ON "StatusListGroup"("orgId", "issuerDid", "full");
CREATE UNIQUE INDEX "StatusListGroup_issuerDid_sequence_key" ON "StatusListGroup"("issuerDid", "sequence");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "KeyRotation_orgId_createdAt_idx" ON "KeyRotation"("orgId", "createdAt");
