-- CreateTable
CREATE TABLE "HiringRule" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "labelEn" TEXT NOT NULL,
    "labelEs" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateTable
CREATE TABLE "HiringChecklistItem" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "textEn" TEXT NOT NULL,
    "textEs" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateTable
CREATE TABLE "HiringProcess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ref" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "building" TEXT NOT NULL,
    "region" TEXT,
    "jobCategory" TEXT NOT NULL,
    "requisitionId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "ruleResults" JSONB NOT NULL,
    "rulesPass" BOOLEAN NOT NULL DEFAULT false,
    "exceptionReason" TEXT,
    "exceptionBy" TEXT,
    "exceptionAt" DATETIME,
    "readyAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "HiringPanelMember" (
    "processId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "personId" TEXT,

    PRIMARY KEY ("processId", "email"),
    CONSTRAINT "HiringPanelMember_processId_fkey" FOREIGN KEY ("processId") REFERENCES "HiringProcess" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HiringInterview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "processId" TEXT NOT NULL,
    "candidateCode" TEXT NOT NULL,
    "interviewAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "checklistAt" DATETIME,
    "checklistBy" TEXT,
    "nextReminderAt" DATETIME,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "HiringInterview_processId_fkey" FOREIGN KEY ("processId") REFERENCES "HiringProcess" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HiringChecklistAnswer" (
    "interviewId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "comment" TEXT,

    PRIMARY KEY ("interviewId", "itemKey"),
    CONSTRAINT "HiringChecklistAnswer_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "HiringInterview" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HiringReminder" (
    "interviewId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "campaignId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("interviewId", "step"),
    CONSTRAINT "HiringReminder_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "HiringInterview" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HiringVerification" (
    "processId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "answeredAt" DATETIME,
    "receivedAhead" TEXT,
    "scoredIndependently" TEXT,
    "sameQuestions" TEXT,
    "feltPressure" TEXT,
    "comment" TEXT,

    PRIMARY KEY ("processId", "personId"),
    CONSTRAINT "HiringVerification_processId_fkey" FOREIGN KEY ("processId") REFERENCES "HiringProcess" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HiringAudit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "processId" TEXT,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "HiringProcess_ref_key" ON "HiringProcess"("ref");

-- CreateIndex
CREATE INDEX "HiringProcess_createdAt_idx" ON "HiringProcess"("createdAt");

-- CreateIndex
CREATE INDEX "HiringProcess_managerId_idx" ON "HiringProcess"("managerId");

-- CreateIndex
CREATE INDEX "HiringPanelMember_personId_idx" ON "HiringPanelMember"("personId");

-- CreateIndex
CREATE INDEX "HiringInterview_nextReminderAt_idx" ON "HiringInterview"("nextReminderAt");

-- CreateIndex
CREATE UNIQUE INDEX "HiringInterview_processId_candidateCode_key" ON "HiringInterview"("processId", "candidateCode");

-- CreateIndex
CREATE INDEX "HiringAudit_processId_at_idx" ON "HiringAudit"("processId", "at");

