-- CreateTable
CREATE TABLE "Patient" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "identityCredentialId" TEXT NOT NULL,
    "wrappedDataKey" TEXT,
    "profile" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMP(3),

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientRecord" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PatientRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordVersion" (
    "id" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "patientDid" TEXT NOT NULL,
    "granteeDid" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "jwt" TEXT NOT NULL,
    "jwtHash" TEXT NOT NULL,
    "credentialId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "revocationJwt" TEXT,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DidSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT,
    "name" TEXT,
    "credentials" TEXT NOT NULL,
    "categories" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,

    CONSTRAINT "DidSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BreakGlassAccess" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "clinicianDid" TEXT NOT NULL,
    "clinicianName" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "reviewedAt" TIMESTAMP(3),
    "reviewedBy" TEXT,
    "reviewNote" TEXT,

    CONSTRAINT "BreakGlassAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Patient_did_idx" ON "Patient"("did");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_orgId_did_key" ON "Patient"("orgId", "did");

-- CreateIndex
CREATE INDEX "PatientRecord_patientId_category_idx" ON "PatientRecord"("patientId", "category");

-- CreateIndex
CREATE INDEX "PatientRecord_orgId_idx" ON "PatientRecord"("orgId");

-- CreateIndex
CREATE INDEX "RecordVersion_patientId_idx" ON "RecordVersion"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "RecordVersion_recordId_version_key" ON "RecordVersion"("recordId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Consent_jwtHash_key" ON "Consent"("jwtHash");

-- CreateIndex
CREATE INDEX "Consent_patientId_granteeDid_idx" ON "Consent"("patientId", "granteeDid");

-- CreateIndex
CREATE INDEX "Consent_orgId_granteeDid_idx" ON "Consent"("orgId", "granteeDid");

-- CreateIndex
CREATE UNIQUE INDEX "DidSession_tokenHash_key" ON "DidSession"("tokenHash");

-- CreateIndex
CREATE INDEX "DidSession_did_idx" ON "DidSession"("did");

-- CreateIndex
CREATE INDEX "BreakGlassAccess_orgId_reviewedAt_idx" ON "BreakGlassAccess"("orgId", "reviewedAt");

-- CreateIndex
CREATE INDEX "BreakGlassAccess_patientId_clinicianDid_idx" ON "BreakGlassAccess"("patientId", "clinicianDid");

-- CreateIndex
CREATE INDEX "AuditEntry_subject_at_idx" ON "AuditEntry"("subject", "at");

-- AddForeignKey
ALTER TABLE "PatientRecord" ADD CONSTRAINT "PatientRecord_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordVersion" ADD CONSTRAINT "RecordVersion_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "PatientRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
