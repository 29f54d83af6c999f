-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "inactiveAt" TIMESTAMP(3);

