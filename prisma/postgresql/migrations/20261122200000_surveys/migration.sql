-- CreateEnum
CREATE TYPE "SurveyItemKind" AS ENUM ('likert5', 'scale0to10', 'single', 'multi', 'comment');

-- CreateEnum
CREATE TYPE "SurveySchedule" AS ENUM ('once', 'cron');

-- CreateEnum
CREATE TYPE "SurveyRunStatus" AS ENUM ('open', 'closed');

-- CreateTable
CREATE TABLE "SurveyItem" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "SurveyItemKind" NOT NULL,
    "topic" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "textEs" TEXT NOT NULL,
    "choices" JSONB,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleEs" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "schedule" "SurveySchedule" NOT NULL DEFAULT 'once',
    "cron" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'America/Chicago',
    "windowDays" INTEGER NOT NULL DEFAULT 7,
    "reminderDays" JSONB NOT NULL,
    "minScores" INTEGER NOT NULL DEFAULT 5,
    "minComments" INTEGER NOT NULL DEFAULT 10,
    "createdById" TEXT,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyQuestion" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "SurveyQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyRun" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "status" "SurveyRunStatus" NOT NULL DEFAULT 'open',
    "closedAt" TIMESTAMP(3),
    "sentCount" INTEGER NOT NULL,
    "answeredSlots" BYTEA NOT NULL,
    "answeredCount" INTEGER NOT NULL DEFAULT 0,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyParticipation" (
    "runId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyParticipation_pkey" PRIMARY KEY ("runId","personId")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "building" TEXT,
    "region" TEXT,
    "role" TEXT,
    "jobCategory" TEXT,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "responseId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "choice" TEXT NOT NULL DEFAULT '',
    "value" INTEGER,
    "comment" TEXT,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("responseId","questionKey","choice")
);

-- CreateTable
CREATE TABLE "SurveyTally" (
    "runId" TEXT NOT NULL,
    "dim" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "building" TEXT NOT NULL,
    "groupValue" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "answerKey" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "SurveyTally_pkey" PRIMARY KEY ("runId","dim","region","building","groupValue","questionKey","answerKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyItem_key_key" ON "SurveyItem"("key");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyQuestion_surveyId_itemId_key" ON "SurveyQuestion"("surveyId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyQuestion_surveyId_position_key" ON "SurveyQuestion"("surveyId", "position");

-- CreateIndex
CREATE INDEX "SurveyRun_status_closesAt_idx" ON "SurveyRun"("status", "closesAt");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRun_surveyId_seq_key" ON "SurveyRun"("surveyId", "seq");

-- CreateIndex
CREATE INDEX "SurveyParticipation_personId_idx" ON "SurveyParticipation"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyParticipation_runId_slot_key" ON "SurveyParticipation"("runId", "slot");

-- CreateIndex
CREATE INDEX "SurveyResponse_runId_region_building_idx" ON "SurveyResponse"("runId", "region", "building");

-- CreateIndex
CREATE INDEX "SurveyAnswer_runId_questionKey_idx" ON "SurveyAnswer"("runId", "questionKey");

-- AddForeignKey
ALTER TABLE "SurveyQuestion" ADD CONSTRAINT "SurveyQuestion_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyQuestion" ADD CONSTRAINT "SurveyQuestion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "SurveyItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyRun" ADD CONSTRAINT "SurveyRun_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyParticipation" ADD CONSTRAINT "SurveyParticipation_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyTally" ADD CONSTRAINT "SurveyTally_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

