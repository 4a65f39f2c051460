import { Composer } from 'grammy';
import { confirmHousehold } from '../../core/members/confirm-household.ts';
import { decideJoin } from '../../core/members/decide-join.ts';
import { householdConfirmationCallback, joinApprovalCallback } from '../callback-data/members.ts';
import type { BotContext } from '../context.ts';
import { oweJoinNotices } from './join-notices.ts';

/**
 * The buttons on join notices: a secretary or cadre approves or rejects a newcomer; a member of the
 * household the newcomer named (or a secretary) confirms or refuses them. Who may is decided in core;
 * a request already decided is answered with who decided it.
 */
export const joinRequestsFeature = new Composer<BotContext>();
const feature = joinRequestsFeature.chatType('private');

feature.callbackQuery(joinApprovalCallback.filter, async (ctx) => {
  const { memberId, approve } = joinApprovalCallback.unpack(ctx.callbackQuery.data);
  const decision = await ctx.write((tx) => decideJoin(tx, { actor: ctx.membership, memberId, approve }));
  const village = ctx.membership?.villageName ?? '';
  await oweJoinNotices(ctx, {
    recipients: [decision.memberId],
    newcomerId: decision.memberId,
    intent: approve ? 'join-approved' : 'join-rejected',
    message: { key: approve ? 'join-notice-approved' : 'join-notice-rejected', params: { village } },
  });
  await ctx.answerCallbackQuery({
    text: ctx.t(approve ? 'join-approved' : 'join-rejected', {
      number: decision.number,
      name: decision.name,
    }),
  });
  // The decided request's buttons go; other deciders' copies answer "already decided by …".
  await ctx.editMessageReplyMarkup();
});

feature.callbackQuery(householdConfirmationCallback.filter, async (ctx) => {
  const { memberId, householdId, confirm } = householdConfirmationCallback.unpack(ctx.callbackQuery.data);
  const decision = await ctx.write((tx) =>
    confirmHousehold(tx, { actor: ctx.membership, memberId, householdId, confirm }),
  );
  const village = ctx.membership?.villageName ?? '';
  const newcomer = { recipients: [decision.memberId], newcomerId: decision.memberId };
  if (!decision.confirmed) {
    await oweJoinNotices(ctx, {
      ...newcomer,
      intent: 'household-refused',
      message: { key: 'join-notice-household-refused', params: { village } },
    });
  } else if (decision.status === 'ACTIVE') {
    await oweJoinNotices(ctx, {
      ...newcomer,
      intent: 'household-confirmed',
      message: { key: 'join-notice-approved', params: { village } },
    });
  } else {
    await oweJoinNotices(ctx, {
      ...newcomer,
      intent: 'household-confirmed',
      message: { key: 'join-notice-household-confirmed-awaiting', params: { village } },
    });
    await oweJoinNotices(ctx, {
      recipients: decision.notify,
      newcomerId: decision.memberId,
      intent: 'join-request',
      message: { key: 'join-notice-approval-request', params: { village } },
      buttons: { kind: 'join-approval', memberId: decision.memberId },
    });
  }
  await ctx.answerCallbackQuery({
    text: ctx.t(decision.confirmed ? 'join-household-confirmed' : 'join-household-refused', {
      number: decision.number,
      name: decision.name,
    }),
  });
  await ctx.editMessageReplyMarkup();
});
