import { Composer, InlineKeyboard } from 'grammy';
import { DomainError } from '../../core/errors.ts';
import { listVillagesOf, switchVillage } from '../../core/members/current-village.ts';
import { villageOfCallbackData } from '../callback-data/codec.ts';
import { villageSwitchCallback } from '../callback-data/villages.ts';
import type { BotContext } from '../context.ts';
import { rolesGreeting } from '../render/roles.ts';

/** /village: the villages a person belongs to, and a button to act in each. Private chats only. */
export const villagesFeature = new Composer<BotContext>();
const feature = villagesFeature.chatType('private');

feature.command('village', async (ctx) => {
  const villages = await listVillagesOf(ctx.db, BigInt(ctx.from.id));
  const [first] = villages;
  if (!first) return ctx.reply(ctx.t('village-list-none'));
  if (villages.length === 1) return ctx.reply(ctx.t('village-list-only-one', { village: first.name }));
  const lines = villages.map((village) =>
    ctx.t('village-list-line', {
      current: village.current ? 'yes' : 'no',
      village: village.name,
      number: village.number,
      roles:
        village.status === 'ACTIVE' ? rolesGreeting(ctx, village.roles) : ctx.t('village-list-unfinished'),
    }),
  );
  const keyboard = new InlineKeyboard();
  for (const village of villages.filter((v) => !v.current))
    keyboard.text(village.name, villageSwitchCallback.pack({}, village.villageId)).row();
  return ctx.reply([ctx.t('village-list-title'), ...lines, '', ctx.t('village-list-hint')].join('\n'), {
    reply_markup: keyboard,
  });
});

feature.callbackQuery(villageSwitchCallback.filter, async (ctx) => {
  const villageId = villageOfCallbackData(ctx.callbackQuery.data);
  // loadMember read the membership of the button's village: none means the person is not in it.
  const membership = ctx.membership;
  if (villageId === undefined || membership?.villageId !== villageId)
    throw new DomainError('village-not-yours');
  const { villageName } = await ctx.write((tx) =>
    switchVillage(tx, { userId: BigInt(ctx.from.id), villageId }),
  );
  await ctx.answerCallbackQuery();
  return ctx.reply(
    ctx.t('village-switched', { village: villageName, roles: rolesGreeting(ctx, membership.roles) }),
  );
});
