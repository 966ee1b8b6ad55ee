-- CreateTable
CREATE TABLE "Candidate" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "stage" TEXT NOT NULL,
    "policyName" TEXT NOT NULL,
    "challenge" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "holderDid" TEXT,
    "report" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "hiredAt" TIMESTAMP(3),
    "rejectedReason" TEXT,
    "privilegeCredentialId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitoredClinician" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "candidateId" TEXT,
    "holderDid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "licenseJwt" TEXT NOT NULL,
    "privilegeJwt" TEXT,
    "licenseState" TEXT NOT NULL DEFAULT 'OK',
    "privilegeState" TEXT,
    "licenseExpiresAt" TIMESTAMP(3),
    "privilegeExpiresAt" TIMESTAMP(3),
    "expiryWarnedDays" INTEGER,
    "lastCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonitoredClinician_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Candidate_challenge_key" ON "Candidate"("challenge");

-- CreateIndex
CREATE INDEX "Candidate_orgId_stage_idx" ON "Candidate"("orgId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoredClinician_orgId_holderDid_key" ON "MonitoredClinician"("orgId", "holderDid");
