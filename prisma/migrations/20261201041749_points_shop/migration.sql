-- AlterEnum
BEGIN;
CREATE TYPE "RedemptionStatus_new" AS ENUM ('RESERVED', 'FULFILLED', 'CANCELLED', 'EXPIRED');
ALTER TABLE "public"."Redemption" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Redemption" ALTER COLUMN "status" TYPE "RedemptionStatus_new" USING ("status"::text::"RedemptionStatus_new");
ALTER TYPE "RedemptionStatus" RENAME TO "RedemptionStatus_old";
ALTER TYPE "RedemptionStatus_new" RENAME TO "RedemptionStatus";
DROP TYPE "public"."RedemptionStatus_old";
ALTER TABLE "Redemption" ALTER COLUMN "status" SET DEFAULT 'RESERVED';
COMMIT;

-- DropForeignKey
ALTER TABLE "Redemption" DROP CONSTRAINT "Redemption_handledById_fkey";

-- DropForeignKey
ALTER TABLE "Redemption" DROP CONSTRAINT "Redemption_itemId_fkey";

-- DropForeignKey
ALTER TABLE "Redemption" DROP CONSTRAINT "Redemption_memberId_fkey";

-- AlterTable
ALTER TABLE "MemberPoints" ADD COLUMN     "reserved" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Redemption" DROP COLUMN "cost",
DROP COLUMN "handledAt",
ADD COLUMN     "code" TEXT NOT NULL,
ADD COLUMN     "expiresAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "price" INTEGER NOT NULL,
ADD COLUMN     "settledAt" TIMESTAMP(3),
ADD COLUMN     "villageId" INTEGER NOT NULL,
ALTER COLUMN "status" SET DEFAULT 'RESERVED';

-- AlterTable
ALTER TABLE "ShopItem" DROP COLUMN "cost",
ADD COLUMN     "number" INTEGER NOT NULL,
ADD COLUMN     "price" INTEGER NOT NULL;

-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "nextShopItemNumber" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_code_key" ON "Redemption"("code");

-- CreateIndex
CREATE INDEX "Redemption_villageId_memberId_status_idx" ON "Redemption"("villageId", "memberId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_villageId_id_key" ON "Redemption"("villageId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ShopItem_villageId_number_key" ON "ShopItem"("villageId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "ShopItem_villageId_id_key" ON "ShopItem"("villageId", "id");

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Village"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_villageId_itemId_fkey" FOREIGN KEY ("villageId", "itemId") REFERENCES "ShopItem"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_villageId_handledById_fkey" FOREIGN KEY ("villageId", "handledById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the rules the schema carries (Points shop).
ALTER TABLE "Village" ADD CONSTRAINT "Village_shop_item_counter" CHECK ("nextShopItemNumber" >= 1);
ALTER TABLE "ShopItem" ADD CONSTRAINT "ShopItem_number_positive" CHECK ("number" >= 1);
ALTER TABLE "ShopItem" ADD CONSTRAINT "ShopItem_name_length" CHECK (char_length("name") BETWEEN 1 AND 40);
ALTER TABLE "ShopItem" ADD CONSTRAINT "ShopItem_price_range" CHECK ("price" BETWEEN 1 AND 100000);
-- Stock never below zero, whatever the concurrency: a redemption takes one with UPDATE … WHERE stock > 0.
ALTER TABLE "ShopItem" ADD CONSTRAINT "ShopItem_stock_not_negative" CHECK ("stock" >= 0);
-- Points held by reservations are never negative. Not "reserved <= balance": a deduction (a no-show)
-- may still land on a member with a reservation, and the ledger must never refuse it.
ALTER TABLE "MemberPoints" ADD CONSTRAINT "MemberPoints_reserved_not_negative" CHECK ("reserved" >= 0);
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_price_range" CHECK ("price" BETWEEN 1 AND 100000);
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_code_format" CHECK ("code" ~ '^[A-Za-z0-9]{12,32}$');
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_settled"
  CHECK (("status"::text = 'RESERVED') = ("settledAt" IS NULL));
ALTER TABLE "Redemption" ADD CONSTRAINT "Redemption_handed_over_by"
  CHECK (("status"::text = 'FULFILLED') = ("handledById" IS NOT NULL));
