import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type BotConfig } from 'grammy';
import { botApiClientOptions } from './api/bot-api-client.ts';
import { createPenaltyGate } from './api/penalty-gate.ts';
import { TELEGRAM_TIMEOUT_SECONDS } from './api/telegram-timeouts.ts';
import type { BotContext, BotDeps } from './context.ts';
import { creditFeature } from './features/credit.ts';
import { householdQrFeature } from './features/household-qr.ts';
import { joinRequestsFeature } from './features/join-requests.ts';
import { onboardingFeature } from './features/onboarding.ts';
import { pointsFeature } from './features/points.ts';
import { pointsAppealsFeature } from './features/points-appeals.ts';
import { pointsAwardsFeature } from './features/points-awards.ts';
import { pointsLedgerFeature } from './features/points-ledger.ts';
import { pointsRulesFeature } from './features/points-rules.ts';
import { pointsStarsFeature } from './features/points-stars.ts';
import { profileFeature } from './features/profile.ts';
import { rolesFeature } from './features/roles.ts';
import { rulebookFeature } from './features/rulebook.ts';
import { shopFeature } from './features/shop.ts';
import { talkCancelFeature, talkFeature } from './features/talk/index.ts';
import { unhandledFeature } from './features/unhandled.ts';
import { villageSettingsFeature } from './features/village-settings.ts';
import { villagesFeature } from './features/villages.ts';
import { volunteersFeature } from './features/volunteers.ts';
import { volunteersCancelFeature, volunteersLaunchFeature } from './features/volunteers-launch.ts';
import { volunteersShiftsFeature } from './features/volunteers-shifts.ts';
import { votesCommentCancelFeature, votesFeature } from './features/votes.ts';
import { votesCancelFeature, votesLaunchFeature } from './features/votes-launch.ts';
import { votesResultsFeature } from './features/votes-results.ts';
import { createI18n } from './i18n.ts';
import { attachDeps } from './middlewares/attach-deps.ts';
import { createErrorHandler } from './middlewares/error-boundary.ts';
import { groupGate } from './middlewares/group-gate.ts';
import { loadMember } from './middlewares/load-member.ts';

/**
 * The composition root of the bot: plugins, then the features in order, `unhandled` last.
 * `botConfig` lets tests and the demo pass `botInfo` and `client.apiRoot`.
 */
export function createBot(token: string, deps: BotDeps, botConfig?: BotConfig<BotContext>): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    ...botConfig,
    client: {
      ...botApiClientOptions({
        apiRoot: deps.config.TELEGRAM_API_ROOT,
        timeoutSeconds: TELEGRAM_TIMEOUT_SECONDS,
      }),
      ...botConfig?.client,
    },
  });

  // The gate first, so it sees every attempt auto-retry makes (the last transformer installed runs first).
  bot.api.config.use(createPenaltyGate(Date, deps.penalties));
  // Waits out 429s (and 5xx) instead of failing the update; a long penalty fails it and it is retried later.
  // A network failure or timeout (HttpError) fails the update at once: auto-retry would otherwise
  // retry it without limit, and the request timeout would never free the chat.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 30, rethrowHttpErrors: true }));
  // A handler's sends wait for its update's commit: attachDeps installs deferSends on each update's
  // ctx.api, last, so it runs first (see defer-sends.ts).

  bot.use(attachDeps(deps));
  bot.use(createI18n(deps.config.DEFAULT_LOCALE));

  const guarded = bot.errorBoundary(createErrorHandler());
  guarded.use(groupGate);
  guarded.use(loadMember);
  // Only for active members with a talk draft; everyone else's /cancel is onboarding's.
  // A vote being drafted, or a comment on one asked for, is what /cancel ends first.
  guarded.use(votesCancelFeature);
  guarded.use(volunteersCancelFeature);
  guarded.use(votesCommentCancelFeature);
  guarded.use(talkCancelFeature);
  // Before onboarding, whose /start answers every start parameter but a household sign's (h_…).
  guarded.use(householdQrFeature);
  // Before onboarding: it answers `/start r_<code>` (a redemption's QR) and passes every other /start on.
  guarded.use(shopFeature);
  guarded.use(onboardingFeature);
  guarded.use(profileFeature);
  guarded.use(rolesFeature);
  guarded.use(villagesFeature);
  guarded.use(pointsAwardsFeature);
  guarded.use(pointsLedgerFeature);
  guarded.use(pointsStarsFeature);
  guarded.use(villageSettingsFeature);
  guarded.use(joinRequestsFeature);
  guarded.use(rulebookFeature);
  guarded.use(pointsRulesFeature);
  guarded.use(votesResultsFeature);
  guarded.use(pointsAppealsFeature);
  guarded.use(pointsFeature);
  guarded.use(creditFeature);
  // Before talk: an answer to /newvote's question (or a vote comment) must not become a talk draft.
  guarded.use(votesLaunchFeature);
  guarded.use(votesFeature);
  guarded.use(volunteersLaunchFeature);
  guarded.use(volunteersFeature);
  guarded.use(volunteersShiftsFeature);
  // After onboarding, whose text handler keeps precedence for members not yet active.
  guarded.use(talkFeature);
  guarded.use(unhandledFeature);

  return bot;
}
