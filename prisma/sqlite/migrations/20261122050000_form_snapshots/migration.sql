-- CreateTable
CREATE TABLE "FormSnapshot" (
    "cardInstanceId" TEXT NOT NULL PRIMARY KEY,
    "card" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "FormSnapshot_createdAt_idx" ON "FormSnapshot"("createdAt");

