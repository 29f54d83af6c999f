-- CreateTable
CREATE TABLE "PaceShare" (
    "key" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaceShare_pkey" PRIMARY KEY ("key","instanceId")
);

-- CreateIndex
CREATE INDEX "PaceShare_expiresAt_idx" ON "PaceShare"("expiresAt");

