-- CreateTable
CREATE TABLE "HiringRule" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "labelEn" TEXT NOT NULL,
    "labelEs" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "HiringRule_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "HiringChecklistItem" (
    "key" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "textEs" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "HiringChecklistItem_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "HiringProcess" (
    "id" TEXT NOT NULL,
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
    "exceptionAt" TIMESTAMP(3),
    "readyAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HiringProcess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HiringPanelMember" (
    "processId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "personId" TEXT,

    CONSTRAINT "HiringPanelMember_pkey" PRIMARY KEY ("processId","email")
);

-- CreateTable
CREATE TABLE "HiringInterview" (
    "id" TEXT NOT NULL,
    "processId" TEXT NOT NULL,
    "candidateCode" TEXT NOT NULL,
    "interviewAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "checklistAt" TIMESTAMP(3),
    "checklistBy" TEXT,
    "nextReminderAt" TIMESTAMP(3),
    "remindersSent" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HiringInterview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HiringChecklistAnswer" (
    "interviewId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "comment" TEXT,

    CONSTRAINT "HiringChecklistAnswer_pkey" PRIMARY KEY ("interviewId","itemKey")
);

-- CreateTable
CREATE TABLE "HiringReminder" (
    "interviewId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "campaignId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HiringReminder_pkey" PRIMARY KEY ("interviewId","step")
);

-- CreateTable
CREATE TABLE "HiringVerification" (
    "processId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),
    "receivedAhead" TEXT,
    "scoredIndependently" TEXT,
    "sameQuestions" TEXT,
    "feltPressure" TEXT,
    "comment" TEXT,

    CONSTRAINT "HiringVerification_pkey" PRIMARY KEY ("processId","personId")
);

-- CreateTable
CREATE TABLE "HiringAudit" (
    "id" SERIAL NOT NULL,
    "processId" TEXT,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HiringAudit_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "HiringPanelMember" ADD CONSTRAINT "HiringPanelMember_processId_fkey" FOREIGN KEY ("processId") REFERENCES "HiringProcess"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HiringInterview" ADD CONSTRAINT "HiringInterview_processId_fkey" FOREIGN KEY ("processId") REFERENCES "HiringProcess"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HiringChecklistAnswer" ADD CONSTRAINT "HiringChecklistAnswer_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "HiringInterview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HiringReminder" ADD CONSTRAINT "HiringReminder_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "HiringInterview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HiringVerification" ADD CONSTRAINT "HiringVerification_processId_fkey" FOREIGN KEY ("processId") REFERENCES "HiringProcess"("id") ON DELETE CASCADE ON UPDATE CASCADE;

