-- CreateTable
CREATE TABLE "Patient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "identityCredentialId" TEXT NOT NULL,
    "wrappedDataKey" TEXT,
    "profile" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PatientRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PatientRecord_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecordVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recordId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecordVersion_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "PatientRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "patientDid" TEXT NOT NULL,
    "granteeDid" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "validFrom" DATETIME NOT NULL,
    "validUntil" DATETIME NOT NULL,
    "jwt" TEXT NOT NULL,
    "jwtHash" TEXT NOT NULL,
    "credentialId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "revocationJwt" TEXT
);

-- CreateTable
CREATE TABLE "DidSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "did" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT,
    "name" TEXT,
    "credentials" TEXT NOT NULL,
    "categories" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "endReason" TEXT
);

-- CreateTable
CREATE TABLE "BreakGlassAccess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "clinicianDid" TEXT NOT NULL,
    "clinicianName" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "reviewedAt" DATETIME,
    "reviewedBy" TEXT,
    "reviewNote" TEXT
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
