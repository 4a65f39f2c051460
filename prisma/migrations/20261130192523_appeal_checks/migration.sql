-- Appeals (core/points/appeals.ts). Written by hand: Prisma's schema cannot say these.

-- A reason is one line the member wrote, 1 to 200 characters (APPEAL_REASON_MAX).
ALTER TABLE "PointAppeal" ADD CONSTRAINT "PointAppeal_reason_length"
  CHECK (char_length("reason") BETWEEN 1 AND 200);

-- An open appeal is undecided; a decided one says who decided, when and why (the member is shown why).
ALTER TABLE "PointAppeal" ADD CONSTRAINT "PointAppeal_decision_complete"
  CHECK (
    ("status" = 'OPEN' AND "decidedById" IS NULL AND "decidedAt" IS NULL AND "decisionReason" IS NULL)
    OR ("status" <> 'OPEN' AND "decidedById" IS NOT NULL AND "decidedAt" IS NOT NULL
        AND char_length("decisionReason") BETWEEN 1 AND 200)
  );
