import type { Db } from '../db/client.ts';
import type { DomainErrorCode } from '../errors.ts';
import { itemNotFound, loadItem } from '../talk/load-item.ts';
import type { ConversationDraft, VoteStep } from './vote-conversation.ts';

export type AnswerProblem = { code: DomainErrorCode; params?: Record<string, string | number> };

/**
 * What an answer names must exist in the village, checked while the question is still asked (so the
 * secretary can answer again) rather than only at launch, where a refusal would leave them at the
 * preview with nothing to fix. launchVote checks the same again in its transaction: this only reads.
 */
export async function checkVoteAnswer(
  db: Db,
  villageId: number,
  answered: VoteStep,
  draft: ConversationDraft,
): Promise<AnswerProblem | undefined> {
  if (answered === 'rule' && draft.ruleNumber !== undefined) {
    const rule = await db.rule.findUnique({
      where: { villageId_number: { villageId, number: draft.ruleNumber } },
      select: { repealedAt: true },
    });
    if (!rule) return { code: 'vote-rule-not-found', params: { number: draft.ruleNumber } };
    if (rule.repealedAt) return { code: 'vote-rule-repealed', params: { number: draft.ruleNumber } };
  }
  if (answered === 'point-code' && draft.pointCode && draft.pointCodeExists) {
    const rule = await pointRuleOf(db, villageId, draft.pointCode);
    if (rule?.retiredAt) return { code: 'point-rule-retired', params: { code: draft.pointCode } };
  }
  if (answered === 'list' && draft.listMemberNumbers) {
    const found = await db.member.findMany({
      where: { villageId, number: { in: draft.listMemberNumbers }, status: 'ACTIVE' },
      select: { number: true },
    });
    const known = new Set(found.map((member) => member.number));
    const missing = draft.listMemberNumbers.filter((number) => !known.has(number));
    if (missing.length > 0) return { code: 'vote-list-invalid', params: { numbers: missing.join(', ') } };
  }
  return undefined;
}

export async function pointRuleOf(db: Db, villageId: number, code: string) {
  return db.pointRule.findUnique({
    where: { villageId_code: { villageId, code } },
    select: { retiredAt: true },
  });
}

/** `/newvote from <n>`: the talk item's words, if it is the village's and not hidden. */
export async function loadProposalItem(
  db: Db,
  villageId: number,
  number: number,
): Promise<{ talkItemNumber: number; title: string; body: string }> {
  const item = await loadItem(db, villageId, number);
  if (item.hiddenAt) itemNotFound(number);
  return {
    talkItemNumber: item.number,
    title: item.title ?? item.text ?? '',
    body: item.text ?? item.title ?? '',
  };
}
