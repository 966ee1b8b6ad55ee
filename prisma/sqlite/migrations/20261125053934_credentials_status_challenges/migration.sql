-- CreateTable
CREATE TABLE "StatusListGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "issuerDid" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL DEFAULT 0,
    "full" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PublishedStatusList" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT -1,
    "jwt" TEXT,
    "etag" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PublishedStatusList_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "StatusListGroup" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IssuedCredential" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "issuerDid" TEXT NOT NULL,
    "subjectDid" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "jwt" TEXT NOT NULL,
    "claims" TEXT NOT NULL,
    "naturalKey" TEXT,
    "issuedAt" DATETIME NOT NULL,
    "validUntil" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "statusReason" TEXT,
    "statusGroupId" TEXT NOT NULL,
    "statusIndex" INTEGER NOT NULL,
    "supersedesId" TEXT,
    "supersededById" TEXT,
    "importId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CredentialStatusEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "credentialId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CredentialStatusEvent_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "IssuedCredential" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PresentationChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "orgId" TEXT,
    "purpose" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "consumedAt" DATETIME
);

-- CreateTable
CREATE TABLE "LicenseImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "StatusListGroup_orgId_issuerDid_full_idx" ON "StatusListGroup"("orgId", "issuerDid", "full");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedStatusList_groupId_purpose_key" ON "PublishedStatusList"("groupId", "purpose");

-- CreateIndex
CREATE INDEX "IssuedCredential_orgId_type_status_idx" ON "IssuedCredential"("orgId", "type", "status");

-- CreateIndex
CREATE INDEX "IssuedCredential_orgId_naturalKey_idx" ON "IssuedCredential"("orgId", "naturalKey");

-- CreateIndex
CREATE INDEX "IssuedCredential_subjectDid_idx" ON "IssuedCredential"("subjectDid");

-- CreateIndex
CREATE UNIQUE INDEX "IssuedCredential_statusGroupId_statusIndex_key" ON "IssuedCredential"("statusGroupId", "statusIndex");

-- CreateIndex
CREATE INDEX "CredentialStatusEvent_credentialId_at_idx" ON "CredentialStatusEvent"("credentialId", "at");

-- CreateIndex
CREATE INDEX "PresentationChallenge_expiresAt_idx" ON "PresentationChallenge"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LicenseImport_orgId_fileHash_key" ON "LicenseImport"("orgId", "fileHash");
