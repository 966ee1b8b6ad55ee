-- AlterTable
ALTER TABLE "StatusListGroup" ADD COLUMN     "sequence" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "StatusListGroup_issuerDid_sequence_key" ON "StatusListGroup"("issuerDid", "sequence");
