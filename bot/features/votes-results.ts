import { Composer } from 'grammy';
import { requireAllowed } from '../../core/members/membership.ts';
import { readVoteReceipts } from '../../core/votes/read-receipts.ts';
import type { BotContext } from '../context.ts';
import { optionLabel } from '../render/vote-results.ts';

/** `/receipts <n>`: a closed vote's receipts with their choices, as messages and as a file anyone can recount. */
export const votesResultsFeature = new Composer<BotContext>();
const feature = votesResultsFeature.chatType('private');

/** Receipts shown in messages; beyond this only the file carries them (a vote of 20,000 is 50 messages). */
const RECEIPTS_IN_MESSAGES = 300;
const MESSAGE_MAX = 3_800;

feature.command('receipts', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'profile.view');
  const number = Number(ctx.match.trim().replace(/^#/, ''));
  if (!Number.isInteger(number) || number < 1) return ctx.reply(ctx.t('vote-receipts-usage'));
  const found = await readVoteReceipts(ctx.db, { actor: member, voteNumber: number });
  const labels = new Map(found.options.map((option) => [option.position, optionLabel(ctx.t, option)]));
  const counts = found.options
    .map((option) => ctx.t('vote-receipts-count', { label: optionLabel(ctx.t, option), count: option.count }))
    .join(ctx.t('vote-receipts-separator'));
  const head = ctx.t('vote-receipts-title', {
    number: found.number,
    title: found.title,
    count: found.receipts.length,
    counts,
  });
  const shown = found.receipts.length <= RECEIPTS_IN_MESSAGES;
  const lines = shown
    ? found.receipts.map((row) =>
        ctx.t('vote-receipts-line', { receipt: row.receipt, label: labels.get(row.position) ?? '' }),
      )
    : [];
  let current = [head, ctx.t(shown ? 'vote-receipts-file-follows' : 'vote-receipts-file-only')].join('\n');
  const messages: string[] = [];
  for (const line of lines) {
    if (current.length + line.length + 1 > MESSAGE_MAX) {
      messages.push(current);
      current = '';
    }
    current = current === '' ? line : [current, line].join('\n');
  }
  messages.push(current);
  // The file is an upload, which cannot wait in the outbox: a job sends it after the commit.
  await ctx.write((tx) =>
    ctx.owed.job(tx, 'vote-receipts-file', {
      dedupeKey: `receipts-${found.voteId}-member-${member.memberId}-u${ctx.update.update_id}`,
      voteId: found.voteId,
      memberId: member.memberId,
    }),
  );
  for (const text of messages) await ctx.reply(text);
  return undefined;
});
