-- CreateTable
CREATE TABLE "SurveySealed" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "box" BYTEA NOT NULL,

    CONSTRAINT "SurveySealed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SurveySealed_runId_idx" ON "SurveySealed"("runId");

-- AddForeignKey
ALTER TABLE "SurveySealed" ADD CONSTRAINT "SurveySealed_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

