-- CreateTable
CREATE TABLE "SurveySealed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "box" BLOB NOT NULL,
    CONSTRAINT "SurveySealed_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SurveyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SurveySealed_runId_idx" ON "SurveySealed"("runId");

