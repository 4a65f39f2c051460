-- DropIndex
DROP INDEX "LedgerEntry_villageId_memberId_idx";

-- CreateTable
CREATE TABLE "MemberPoints" (
    "villageId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "balance" INTEGER NOT NULL,
    "entries" INTEGER NOT NULL,

    CONSTRAINT "MemberPoints_pkey" PRIMARY KEY ("villageId","memberId")
);

-- CreateTable
CREATE TABLE "HouseholdPoints" (
    "villageId" INTEGER NOT NULL,
    "householdId" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "HouseholdPoints_pkey" PRIMARY KEY ("villageId","householdId")
);

-- CreateIndex
CREATE INDEX "MemberPoints_villageId_balance_idx" ON "MemberPoints"("villageId", "balance");

-- CreateIndex
CREATE INDEX "LedgerEntry_villageId_memberId_sequence_idx" ON "LedgerEntry"("villageId", "memberId", "sequence");

-- CreateIndex
CREATE INDEX "LedgerEntry_villageId_createdAt_memberId_amount_idx" ON "LedgerEntry"("villageId", "createdAt", "memberId", "amount");

-- The running totals follow the ledger in the appending statement itself: one statement-level
-- trigger per INSERT (a batch of entries costs one upsert per member and household), under the
-- village's chain-head lock that appends already hold, so it adds no new wait between villages.
-- The ledger refuses UPDATE and DELETE, so inserts are the only change the totals must follow.
CREATE FUNCTION "ledger_entry_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MemberPoints" ("villageId", "memberId", "balance", "entries")
  SELECT "villageId", "memberId", sum("amount"), count(*) FROM appended GROUP BY "villageId", "memberId"
  ON CONFLICT ("villageId", "memberId") DO UPDATE
    SET "balance" = "MemberPoints"."balance" + EXCLUDED."balance",
        "entries" = "MemberPoints"."entries" + EXCLUDED."entries";
  INSERT INTO "HouseholdPoints" ("villageId", "householdId", "total")
  SELECT "villageId", "householdId", sum("amount") FROM appended
  WHERE "householdId" IS NOT NULL GROUP BY "villageId", "householdId"
  ON CONFLICT ("villageId", "householdId") DO UPDATE
    SET "total" = "HouseholdPoints"."total" + EXCLUDED."total";
  RETURN NULL;
END $$;

CREATE TRIGGER "LedgerEntry_tally" AFTER INSERT ON "LedgerEntry"
  REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION "ledger_entry_tally"();

-- Entries made before this migration.
INSERT INTO "MemberPoints" ("villageId", "memberId", "balance", "entries")
SELECT "villageId", "memberId", sum("amount"), count(*) FROM "LedgerEntry" GROUP BY "villageId", "memberId";
INSERT INTO "HouseholdPoints" ("villageId", "householdId", "total")
SELECT "villageId", "householdId", sum("amount") FROM "LedgerEntry"
WHERE "householdId" IS NOT NULL GROUP BY "villageId", "householdId";
