import { Composer } from 'grammy';
import { DomainError } from '../../core/errors.ts';
import { requireAllowed } from '../../core/members/membership.ts';
import { type BallotChoice, type CastBallot, castBallot } from '../../core/votes/cast-ballot.ts';
import { commentOnVote, toggleVoteLike } from '../../core/votes/engage-with-vote.ts';
import { parseProxyCommand, parseVoteCommand, parseVoteNumber } from '../../core/votes/parse-vote-command.ts';
import { formatVoteTime, listVotes, loadVoteCard, myVoteStanding } from '../../core/votes/vote-card.ts';
import {
  askVoteComment,
  endVoteCommentStep,
  loadVoteCommentStep,
} from '../../core/votes/vote-conversation-store.ts';
import { voteBallotCallback, voteCommentCallback, voteLikeCallback } from '../callback-data/votes.ts';
import type { BotContext } from '../context.ts';
import { ballotKeyboard } from '../keyboards/votes.ts';
import { optionLabel, renderVoteCard } from '../render/vote-card.ts';
import { isActive, readerTranslate, stepOwner } from './talk/shared.ts';

/**
 * Voting, in private: the ballot buttons and `/vote <n> <choice>` (core casts: the electorate, the
 * deadline and the options are its to check), `/vote <n>` (the card again), `/votes` (turnout only:
 * no running tally exists for anyone), comments and likes as in Villagers Talk, and `/proxyvote` for
 * villagers without a phone. Every reply about a choice goes to the voter (or the proxy) alone.
 */
export const votesFeature = new Composer<BotContext>();
const feature = votesFeature.chatType('private');

/** A comment asked through 💬 waits this long for its text. */
const COMMENT_STEP_MINUTES = 30;

feature.command('vote', async (ctx) => {
  const command = parseVoteCommand(ctx.match);
  switch (command.kind) {
    case 'usage':
      requireAllowed(ctx.membership, 'vote.cast');
      return ctx.reply(ctx.t('vote-ballot-usage'));
    case 'bad-choice':
      requireAllowed(ctx.membership, 'vote.cast');
      throw new DomainError('vote-choice-unknown', { number: command.number, word: command.word });
    case 'show':
      return showCard(ctx, command.number);
    case 'cast':
      return ctx.reply(await cast(ctx, command.number, command.choice));
  }
});

feature.callbackQuery(voteBallotCallback.filter, async (ctx) => {
  const { number, position } = voteBallotCallback.unpack(ctx.callbackQuery.data);
  const reply = await cast(ctx, number, { position });
  await ctx.answerCallbackQuery({ text: ctx.t('vote-ballot-cast-short', { number }) });
  return ctx.reply(reply);
});

/** Casts, and says which way, the receipt, and that a change is allowed until the close. */
async function cast(ctx: BotContext, number: number, choice: BallotChoice): Promise<string> {
  const ballot = await ctx.write((tx) =>
    castBallot(tx, { actor: ctx.membership, voteNumber: number, choice }),
  );
  return ctx.t(ballot.changed ? 'vote-ballot-changed' : 'vote-ballot-cast', ballotParams(ctx, ballot));
}

function ballotParams(ctx: BotContext, ballot: CastBallot) {
  return {
    number: ballot.number,
    title: ballot.title,
    choice: `${ballot.position}. ${optionLabel(readerTranslate(ctx), ballot)}`,
    receipt: ballot.receipt,
  };
}

async function showCard(ctx: BotContext, number: number) {
  const membership = requireAllowed(ctx.membership, 'vote.cast');
  const card = await loadVoteCard(ctx.db, { villageId: membership.villageId, number });
  if (!card) throw new DomainError('vote-not-found', { number });
  const standing = await myVoteStanding(ctx.db, card.voteId, membership.memberId);
  const t = readerTranslate(ctx);
  const text = renderVoteCard(t, card, 'member', { locale: ctx.locale, standing });
  return ctx.reply(text, card.isOpen ? { reply_markup: ballotKeyboard(t, card, card.villageId) } : {});
}

feature.command('votes', async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'vote.cast');
  const votes = await listVotes(ctx.db, membership.villageId);
  if (votes.length === 0) return ctx.reply(ctx.t('vote-list-empty'));
  const lines = [ctx.t('vote-list-title')];
  for (const vote of votes) {
    const closes = formatVoteTime(vote.closesAt, membership.timezone);
    lines.push(
      ctx.t(vote.isOpen ? 'vote-list-open-line' : 'vote-list-closed-line', {
        number: vote.number,
        title: vote.title,
        turnout: vote.turnout,
        size: vote.electorateSize,
        closes,
      }),
    );
  }
  lines.push('', ctx.t('vote-list-how'));
  return ctx.reply(lines.join('\n'));
});

feature.callbackQuery(voteLikeCallback.filter, async (ctx) => {
  const { number } = voteLikeCallback.unpack(ctx.callbackQuery.data);
  const liked = await ctx.write((tx) => toggleVoteLike(tx, { actor: ctx.membership, voteNumber: number }));
  return ctx.answerCallbackQuery({
    text: ctx.t(liked.liked ? 'vote-comment-liked' : 'vote-comment-unliked', { number, likes: liked.likes }),
  });
});

feature.callbackQuery(voteCommentCallback.filter, async (ctx) => {
  const { number } = voteCommentCallback.unpack(ctx.callbackQuery.data);
  const membership = requireAllowed(ctx.membership, 'vote.comment');
  const card = await loadVoteCard(ctx.db, { villageId: membership.villageId, number });
  if (!card) throw new DomainError('vote-not-found', { number });
  const owner = { userId: ctx.from.id, villageId: membership.villageId };
  await ctx.write((tx) => askVoteComment(tx, owner, number, new Date()));
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t('vote-comment-ask', { number, minutes: COMMENT_STEP_MINUTES }));
});

feature.command('votecomment', async (ctx) => {
  const [head = ''] = ctx.match.trim().split(/\s+/);
  const number = parseVoteNumber(head);
  const text = ctx.match.trim().slice(head.length).trim();
  if (!number || !text) {
    requireAllowed(ctx.membership, 'vote.comment');
    return ctx.reply(ctx.t('vote-comment-usage'));
  }
  return comment(ctx, number, text);
});

/** The text after 💬: the comment, while the question stands (commands pass by). */
feature.filter(isActive).on('message:text', async (ctx, next) => {
  const text = ctx.message.text;
  const owner = stepOwner(ctx);
  if (text.startsWith('/') || !owner) return next();
  const step = await loadVoteCommentStep(ctx.db, owner);
  if (!step) return next();
  if (Date.now() - Date.parse(step.askedAt) > COMMENT_STEP_MINUTES * 60_000) {
    await ctx.write((tx) => endVoteCommentStep(tx, owner));
    return ctx.reply(
      ctx.t('vote-comment-expired', { number: step.voteNumber, minutes: COMMENT_STEP_MINUTES }),
    );
  }
  return comment(ctx, step.voteNumber, text);
});

async function comment(ctx: BotContext, number: number, text: string) {
  await ctx.write(async (tx) => {
    await commentOnVote(tx, { actor: ctx.membership, voteNumber: number, text });
    const owner = stepOwner(ctx);
    if (owner) await endVoteCommentStep(tx, owner);
  });
  return ctx.reply(ctx.t('vote-comment-added', { number }));
}

/** /cancel also ends a question about a comment. */
export const votesCommentCancelFeature = new Composer<BotContext>();
votesCommentCancelFeature
  .chatType('private')
  .filter(isActive)
  .command('cancel', async (ctx, next) => {
    const owner = stepOwner(ctx);
    if (!owner || !(await loadVoteCommentStep(ctx.db, owner))) return next();
    await ctx.write((tx) => endVoteCommentStep(tx, owner));
    return ctx.reply(ctx.t('vote-comment-cancelled'));
  });

feature.command('proxyvote', async (ctx) => {
  const parsed = parseProxyCommand(ctx.match);
  if (!parsed) {
    requireAllowed(ctx.membership, 'vote.proxy');
    return ctx.reply(ctx.t('vote-proxy-usage'));
  }
  const ballot = await ctx.write(async (tx) => {
    const cast = await castBallot(tx, {
      actor: ctx.membership,
      voteNumber: parsed.number,
      choice: parsed.choice,
      forMemberNumber: parsed.memberNumber,
    });
    // The villager hears who recorded which vote for them, in their own language, and that their own
    // vote replaces it; the cadre's name and number are filled in by the worker.
    await ctx.owed.job(tx, 'notify', {
      dedupeKey: `vote-${cast.voteId}-proxy-${cast.castForMemberId}-${ctx.updateKey}`,
      memberId: cast.castForMemberId,
      message: {
        key: cast.label === null ? 'vote-proxy-notice' : 'vote-proxy-notice-labelled',
        params: {
          vote: cast.number,
          title: cast.title,
          meaning: cast.meaning,
          label: cast.label ?? '',
          position: cast.position,
        },
      },
      ...(cast.proxyByMemberId !== null && { aboutMemberId: cast.proxyByMemberId }),
    });
    return cast;
  });
  return ctx.reply(
    ctx.t('vote-proxy-recorded', { ...ballotParams(ctx, ballot), member: parsed.memberNumber }),
  );
});
