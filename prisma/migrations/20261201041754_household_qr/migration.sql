-- AlterTable
ALTER TABLE "Household" ADD COLUMN     "qrVersion" INTEGER NOT NULL DEFAULT 1;

-- A revoke bumps the version; a sign signs the version it carries, so versions start at 1 and only grow.
ALTER TABLE "Household" ADD CONSTRAINT "Household_qrVersion_positive" CHECK ("qrVersion" >= 1);
