-- CreateTable
CREATE TABLE "PaceShare" (
    "key" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("key", "instanceId")
);

-- CreateIndex
CREATE INDEX "PaceShare_expiresAt_idx" ON "PaceShare"("expiresAt");

