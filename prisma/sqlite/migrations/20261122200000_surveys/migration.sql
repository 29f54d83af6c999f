-- CreateTable
CREATE TABLE "SurveyItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "textEs" TEXT NOT NULL,
    "choices" JSONB,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "titleEn" TEXT NOT NULL,
    "titleEs" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "schedule" TEXT NOT NULL DEFAULT 'once',
    "cron" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'America/Chicago',
    "windowDays" INTEGER NOT NULL DEFAULT 7,
    "reminderDays" JSONB NOT NULL,
    "minScores" INTEGER NOT NULL DEFAULT 5,
    "minComments" INTEGER NOT NULL DEFAULT 10,
    "createdById" TEXT,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SurveyQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "SurveyQuestion_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyQuestion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "SurveyItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closedAt" DATETIME,
    "sentCount" INTEGER NOT NULL,
    "answeredSlots" BLOB NOT NULL,
    "answeredCount" INTEGER NOT NULL DEFAULT 0,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SurveyRun_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyParticipation" (
    "runId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "sentAt" DATETIME NOT NULL,

    PRIMARY KEY ("runId", "personId"),
    CONSTRAINT "SurveyParticipation_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "building" TEXT,
    "region" TEXT,
    "role" TEXT,
    "jobCategory" TEXT,
    CONSTRAINT "SurveyResponse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "responseId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "choice" TEXT NOT NULL DEFAULT '',
    "value" INTEGER,
    "comment" TEXT,

    PRIMARY KEY ("responseId", "questionKey", "choice"),
    CONSTRAINT "SurveyAnswer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

    PRIMARY KEY ("runId", "dim", "region", "building", "groupValue", "questionKey", "answerKey"),
    CONSTRAINT "SurveyTally_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

