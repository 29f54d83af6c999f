-- CreateTable
CREATE TABLE "TrainingCourse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleEs" TEXT NOT NULL,
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "descriptionEs" TEXT NOT NULL DEFAULT '',
    "url" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "dueKind" TEXT NOT NULL,
    "dueDate" TEXT,
    "dueDays" INTEGER,
    "dueMonthDay" TEXT,
    "reminderDays" JSONB NOT NULL,
    "overdueEveryDays" INTEGER NOT NULL DEFAULT 7,
    "escalateAfterDays" INTEGER NOT NULL DEFAULT 7,
    "verifiedOnly" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TrainingAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "cycle" TEXT NOT NULL DEFAULT '',
    "dueDate" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "completedAt" DATETIME,
    "completedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TrainingAssignment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "TrainingCourse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrainingCompletion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "completedAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKey" TEXT,
    "contentHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TrainingCompletion_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "TrainingCourse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrainingReminderStep" (
    "assignmentId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("assignmentId", "step"),
    CONSTRAINT "TrainingReminderStep_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "TrainingAssignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NonSchoolDay" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT ''
);

-- CreateIndex
CREATE UNIQUE INDEX "TrainingCourse_key_key" ON "TrainingCourse"("key");

-- CreateIndex
CREATE INDEX "TrainingAssignment_personId_idx" ON "TrainingAssignment"("personId");

-- CreateIndex
CREATE INDEX "TrainingAssignment_active_completedAt_idx" ON "TrainingAssignment"("active", "completedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingAssignment_courseId_personId_cycle_key" ON "TrainingAssignment"("courseId", "personId", "cycle");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingCompletion_sourceKey_key" ON "TrainingCompletion"("sourceKey");

-- CreateIndex
CREATE INDEX "TrainingCompletion_courseId_personId_idx" ON "TrainingCompletion"("courseId", "personId");

-- CreateIndex
CREATE INDEX "TrainingCompletion_personId_idx" ON "TrainingCompletion"("personId");

