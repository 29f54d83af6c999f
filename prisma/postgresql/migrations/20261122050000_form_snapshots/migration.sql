-- CreateTable
CREATE TABLE "FormSnapshot" (
    "cardInstanceId" TEXT NOT NULL,
    "card" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormSnapshot_pkey" PRIMARY KEY ("cardInstanceId")
);

-- CreateIndex
CREATE INDEX "FormSnapshot_createdAt_idx" ON "FormSnapshot"("createdAt");

