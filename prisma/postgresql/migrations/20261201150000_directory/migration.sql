-- AlterTable
ALTER TABLE "PlatformAccount" ADD COLUMN     "appBlockedAt" TIMESTAMP(3),
ADD COLUMN     "deactivatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DirectorySync" (
    "source" TEXT NOT NULL,
    "deltaLink" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectorySync_pkey" PRIMARY KEY ("source")
);

-- CreateTable
CREATE TABLE "EntraUser" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "EntraUser_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EntraUser_personId_key" ON "EntraUser"("personId");

