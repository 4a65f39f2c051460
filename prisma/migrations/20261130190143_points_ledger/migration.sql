-- CreateEnum
CREATE TYPE "AppealStatus" AS ENUM ('OPEN', 'UPHELD', 'REJECTED');

-- DropForeignKey
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_awardId_fkey";

-- DropForeignKey
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_householdId_fkey";

-- DropForeignKey
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_memberId_fkey";

-- DropForeignKey
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_villageId_fkey";

-- DropForeignKey
ALTER TABLE "PointAward" DROP CONSTRAINT "PointAward_memberId_fkey";

-- DropIndex
DROP INDEX "LedgerEntry_memberId_idx";

-- DropIndex
DROP INDEX "WeeklyStar_villageId_weekStart_rank_key";

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "reversesId" BIGINT,
ADD COLUMN     "ruleCode" TEXT,
ALTER COLUMN "createdAt" DROP DEFAULT;

-- CreateTable
CREATE TABLE "PointAppeal" (
    "id" SERIAL NOT NULL,
    "villageId" INTEGER NOT NULL,
    "awardId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "AppealStatus" NOT NULL DEFAULT 'OPEN',
    "decidedById" INTEGER,
    "decisionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "PointAppeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerHead" (
    "villageId" INTEGER NOT NULL,
    "nextSequence" INTEGER NOT NULL DEFAULT 1,
    "lastHash" TEXT NOT NULL,

    CONSTRAINT "LedgerHead_pkey" PRIMARY KEY ("villageId")
);

-- CreateTable
CREATE TABLE "LedgerCheckpoint" (
    "id" SERIAL NOT NULL,
    "villageId" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "groupMessageId" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PointAppeal_awardId_key" ON "PointAppeal"("awardId");

-- CreateIndex
CREATE UNIQUE INDEX "PointAppeal_villageId_awardId_key" ON "PointAppeal"("villageId", "awardId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerCheckpoint_villageId_sequence_key" ON "LedgerCheckpoint"("villageId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Household_villageId_id_key" ON "Household"("villageId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_reversesId_key" ON "LedgerEntry"("reversesId");

-- CreateIndex
CREATE INDEX "LedgerEntry_villageId_memberId_idx" ON "LedgerEntry"("villageId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_villageId_awardId_key" ON "LedgerEntry"("villageId", "awardId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_villageId_id_key" ON "Member"("villageId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PointAward_villageId_id_key" ON "PointAward"("villageId", "id");

-- CreateIndex
CREATE INDEX "WeeklyStar_villageId_weekStart_rank_idx" ON "WeeklyStar"("villageId", "weekStart", "rank");

-- AddForeignKey
ALTER TABLE "PointAward" ADD CONSTRAINT "PointAward_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointAppeal" ADD CONSTRAINT "PointAppeal_villageId_awardId_fkey" FOREIGN KEY ("villageId", "awardId") REFERENCES "PointAward"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Village"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_villageId_householdId_fkey" FOREIGN KEY ("villageId", "householdId") REFERENCES "Household"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_villageId_awardId_fkey" FOREIGN KEY ("villageId", "awardId") REFERENCES "PointAward"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_reversesId_fkey" FOREIGN KEY ("reversesId") REFERENCES "LedgerEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerHead" ADD CONSTRAINT "LedgerHead_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Village"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerCheckpoint" ADD CONSTRAINT "LedgerCheckpoint_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Village"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The ledger is append-only: no UPDATE or DELETE of an entry, by any role that leaves triggers on
-- (the application's included). A correction is a compensating entry (reversesId). Only someone who
-- switches triggers off (a superuser with session_replication_role = replica) can change a row, and
-- then the hash chain and the published checkpoints show where (core/points/verify-ledger.ts).
CREATE FUNCTION "ledger_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only: % of sequence % refused', TG_OP, OLD."sequence"
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "LedgerEntry_append_only" BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entry_append_only"();

-- A chain head moves forward only.
ALTER TABLE "LedgerHead" ADD CONSTRAINT "LedgerHead_next_sequence_positive" CHECK ("nextSequence" >= 1);
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_sequence_positive" CHECK ("sequence" >= 1);
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_not_reversing_itself" CHECK ("reversesId" IS NULL OR "reversesId" <> "id");
