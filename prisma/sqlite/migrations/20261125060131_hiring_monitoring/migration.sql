-- CreateTable
CREATE TABLE "Candidate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "stage" TEXT NOT NULL,
    "policyName" TEXT NOT NULL,
    "challenge" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "holderDid" TEXT,
    "report" TEXT,
    "verifiedAt" DATETIME,
    "hiredAt" DATETIME,
    "rejectedReason" TEXT,
    "privilegeCredentialId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MonitoredClinician" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "candidateId" TEXT,
    "holderDid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "licenseJwt" TEXT NOT NULL,
    "privilegeJwt" TEXT,
    "licenseState" TEXT NOT NULL DEFAULT 'OK',
    "privilegeState" TEXT,
    "licenseExpiresAt" DATETIME,
    "privilegeExpiresAt" DATETIME,
    "expiryWarnedDays" INTEGER,
    "lastCheckedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Candidate_challenge_key" ON "Candidate"("challenge");

-- CreateIndex
CREATE INDEX "Candidate_orgId_stage_idx" ON "Candidate"("orgId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoredClinician_orgId_holderDid_key" ON "MonitoredClinician"("orgId", "holderDid");
