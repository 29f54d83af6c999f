-- CreateTable
CREATE TABLE "TrainingCourse" (
    "id" TEXT NOT NULL,
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
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrainingCourse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingAssignment" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "cycle" TEXT NOT NULL DEFAULT '',
    "dueDate" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "completedAt" TIMESTAMP(3),
    "completedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrainingAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingCompletion" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKey" TEXT,
    "contentHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainingCompletion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingReminderStep" (
    "assignmentId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainingReminderStep_pkey" PRIMARY KEY ("assignmentId","step")
);

-- CreateTable
CREATE TABLE "NonSchoolDay" (
    "date" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "NonSchoolDay_pkey" PRIMARY KEY ("date")
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

-- AddForeignKey
ALTER TABLE "TrainingAssignment" ADD CONSTRAINT "TrainingAssignment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "TrainingCourse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingCompletion" ADD CONSTRAINT "TrainingCompletion_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "TrainingCourse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingReminderStep" ADD CONSTRAINT "TrainingReminderStep_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "TrainingAssignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

