-- AlterTable (written by hand: the generated one dropped "description" and "active" with their data)
ALTER TABLE "PointRule" ADD COLUMN     "dailyCap" INTEGER,
ADD COLUMN     "descriptionEn" TEXT,
ADD COLUMN     "descriptionZh" TEXT,
ADD COLUMN     "retiredAt" TIMESTAMP(3),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "yearlyCap" INTEGER;

-- Existing rules were written in one language: it serves both until the secretary edits them.
-- An inactive rule is retired as of this migration (when it stopped was never recorded).
UPDATE "PointRule" SET "descriptionZh" = "description", "descriptionEn" = "description",
  "retiredAt" = CASE WHEN "active" THEN NULL ELSE CURRENT_TIMESTAMP END;

ALTER TABLE "PointRule" ALTER COLUMN "descriptionEn" SET NOT NULL,
ALTER COLUMN "descriptionZh" SET NOT NULL,
DROP COLUMN "active",
DROP COLUMN "description";

-- CreateTable
CREATE TABLE "PointRuleVersion" (
    "id" SERIAL NOT NULL,
    "villageId" INTEGER NOT NULL,
    "ruleId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "descriptionZh" TEXT NOT NULL,
    "descriptionEn" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "dailyCap" INTEGER,
    "yearlyCap" INTEGER,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "changedById" INTEGER,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PointRuleVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PointRuleVersion_ruleId_version_key" ON "PointRuleVersion"("ruleId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PointRule_villageId_id_key" ON "PointRule"("villageId", "id");

-- AddForeignKey
ALTER TABLE "PointRuleVersion" ADD CONSTRAINT "PointRuleVersion_villageId_ruleId_fkey" FOREIGN KEY ("villageId", "ruleId") REFERENCES "PointRule"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointRuleVersion" ADD CONSTRAINT "PointRuleVersion_villageId_changedById_fkey" FOREIGN KEY ("villageId", "changedById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every existing rule's version 1, so each rule's history starts somewhere; nobody is named as its author.
INSERT INTO "PointRuleVersion" ("villageId", "ruleId", "version", "descriptionZh", "descriptionEn",
  "points", "dailyCap", "yearlyCap", "retired", "changedById", "changedAt")
SELECT "villageId", "id", "version", "descriptionZh", "descriptionEn", "points", "dailyCap", "yearlyCap",
  "retiredAt" IS NOT NULL, NULL, "createdAt"
FROM "PointRule";

-- Invariants Prisma cannot declare (written by hand). A rule that awards nothing is no rule, and a cap of
-- zero would forbid what the rule rewards. A zero-point row existing before this migration would make it
-- fail: the table is published, so such a row is a mistake to fix by hand, not to hide.
ALTER TABLE "PointRule"
  ADD CONSTRAINT "PointRule_code_format" CHECK ("code" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("code") <= 32),
  ADD CONSTRAINT "PointRule_points_nonzero" CHECK ("points" <> 0),
  ADD CONSTRAINT "PointRule_dailyCap_positive" CHECK ("dailyCap" IS NULL OR "dailyCap" > 0),
  ADD CONSTRAINT "PointRule_yearlyCap_positive" CHECK ("yearlyCap" IS NULL OR "yearlyCap" > 0),
  ADD CONSTRAINT "PointRule_version_positive" CHECK ("version" >= 1);

ALTER TABLE "PointRuleVersion"
  ADD CONSTRAINT "PointRuleVersion_points_nonzero" CHECK ("points" <> 0),
  ADD CONSTRAINT "PointRuleVersion_dailyCap_positive" CHECK ("dailyCap" IS NULL OR "dailyCap" > 0),
  ADD CONSTRAINT "PointRuleVersion_yearlyCap_positive" CHECK ("yearlyCap" IS NULL OR "yearlyCap" > 0),
  ADD CONSTRAINT "PointRuleVersion_version_positive" CHECK ("version" >= 1);
