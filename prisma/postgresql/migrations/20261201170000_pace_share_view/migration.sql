-- AlterTable
ALTER TABLE "PaceShare" ADD COLUMN     "view" TEXT NOT NULL DEFAULT '';

