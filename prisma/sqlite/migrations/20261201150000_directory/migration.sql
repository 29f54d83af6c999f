-- AlterTable
ALTER TABLE "PlatformAccount" ADD COLUMN "appBlockedAt" DATETIME;
ALTER TABLE "PlatformAccount" ADD COLUMN "deactivatedAt" DATETIME;

-- CreateTable
CREATE TABLE "DirectorySync" (
    "source" TEXT NOT NULL PRIMARY KEY,
    "deltaLink" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EntraUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "EntraUser_personId_key" ON "EntraUser"("personId");

