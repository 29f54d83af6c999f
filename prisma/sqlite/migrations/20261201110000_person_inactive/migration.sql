-- AlterTable
ALTER TABLE "Person" ADD COLUMN "inactiveAt" DATETIME;

