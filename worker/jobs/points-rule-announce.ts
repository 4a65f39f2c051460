import { UnrecoverableError } from 'bullmq';
import type { Api } from 'grammy';
import { renderRuleLine } from '../../bot/render/point-rules.ts';
import type { Locale } from '../../core/config.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { loadRuleAnnouncement } from '../../core/points/load-rule-announcement.ts';
import { pointsRuleAnnouncePayloadSchema } from '../queues.ts';
import type { TelegramLimits } from '../telegram-limits.ts';
import type { Translator } from './notify.ts';
import { postTextOnce, type RecordedSendJob } from './recorded-send.ts';
import { groupTranslator } from './talk-group-post.ts';

/**
 * Tells the village group that a points rule was added, changed or retired: the table is public, and
 * so is every change to it. Rendered from the version row when the job runs, in the village's
 * language, and posted once per rule and version (a recorded send: a second run waits on the
 * record's lock, then finds it SENT).
 */
export interface RuleAnnounceDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'sendMessage'>;
  i18n: Translator;
  groupLocale: Locale;
  limits: TelegramLimits;
  logger: Logger;
}

export interface RuleAnnounceJob extends RecordedSendJob {
  id?: string | undefined;
  name: string;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

export type RuleAnnounceResult =
  | { outcome: 'posted' | 'already-posted'; messageId: number }
  | { outcome: 'skipped'; reason: 'version-missing' | 'no-group' }
  | { outcome: 'refused'; description: string };

export const ruleAnnounceKey = (ruleId: number, version: number) =>
  `points-rule-announce:${ruleId}:${version}`;

export async function handlePointsRuleAnnounce(
  job: RuleAnnounceJob,
  deps: RuleAnnounceDeps,
  token: string | undefined,
): Promise<RuleAnnounceResult> {
  const parsed = pointsRuleAnnouncePayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { ruleId, version } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, rule_id: ruleId, version });
  const announcement = await loadRuleAnnouncement(deps.prisma, { ruleId, version });
  if (!announcement) return { outcome: 'skipped', reason: 'version-missing' };
  const chatId = announcement.groupChatId;
  if (chatId === null) return { outcome: 'skipped', reason: 'no-group' };

  const t = groupTranslator(deps.i18n, deps.groupLocale);
  const line = (rule: typeof announcement.rule) => renderRuleLine(t, rule, deps.groupLocale);
  const text = t(`points-rule-announce-${announcement.change}`, {
    code: announcement.code,
    version,
    line: line(announcement.rule),
    before: announcement.before ? line(announcement.before) : '',
  });
  const posted = await postTextOnce(deps, job, token, log, {
    key: ruleAnnounceKey(ruleId, version),
    chatId,
    text,
  });
  if (posted.outcome === 'posted')
    log.info({ message_id: posted.messageId }, 'rule change announced in the group');
  return posted;
}
