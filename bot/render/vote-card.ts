import { formatVoteTime, type VoteCard } from '../../core/votes/vote-card.ts';
import type { ConversationDraft } from '../../core/votes/vote-conversation.ts';
import type { PointRuleChange, VoteKind, VoteOptionMeaning } from '../../core/votes/vote-types.ts';
import { VOTE_DEFAULT_DURATION_MINUTES } from '../../core/votes/vote-types.ts';
import type { Translate } from './talk-item.ts';

/**
 * A vote as text, for a member (their private card: turnout, how to vote), the village group (the
 * announcement) or the secretary's preview before launch. Never a running tally: the card knows none.
 * Sent without parse_mode, so the secretary's words show exactly as typed.
 */

export function optionLabel(
  t: Translate,
  option: { meaning: VoteOptionMeaning; label: string | null },
): string {
  return option.label ?? t(`vote-card-option-${option.meaning}`);
}

function kindLine(
  t: Translate,
  vote: { kind: VoteKind; ruleNumber: number | null; pointRuleChange: PointRuleChange | null },
  locale: 'zh' | 'en',
): string {
  const change = vote.pointRuleChange;
  if (vote.kind === 'POINT_RULE' && change) {
    if (change.action === 'add')
      return t('vote-card-kind-point-add', {
        code: change.code,
        points: signed(change.points),
        description: locale === 'en' ? change.descriptionEn : change.descriptionZh,
      });
    if (change.action === 'edit')
      return t('vote-card-kind-point-edit', { code: change.code, points: signed(change.points) });
    return t('vote-card-kind-point-retire', { code: change.code });
  }
  return t(`vote-card-kind-${vote.kind}`, { rule: vote.ruleNumber ?? 0 });
}

const signed = (points: number) => (points > 0 ? `+${points}` : String(points));

function rulesLines(
  t: Translate,
  vote: {
    options: { position: number; meaning: VoteOptionMeaning; label: string | null }[];
    secret: boolean;
    quorumPercent: number | null;
    threshold: string;
  },
): string[] {
  const options = vote.options.map((option) => `${option.position}. ${optionLabel(t, option)}`).join('  ');
  return [
    t('vote-card-options', { options }),
    t(vote.secret ? 'vote-card-secret' : 'vote-card-open'),
    vote.quorumPercent === null
      ? t('vote-card-quorum-none')
      : t('vote-card-quorum', { percent: vote.quorumPercent }),
    t(`vote-card-threshold-${vote.threshold}`),
  ];
}

export type CardAudience = 'member' | 'group';

export function renderVoteCard(
  t: Translate,
  card: VoteCard,
  audience: CardAudience,
  options: { locale?: string; standing?: 'not-elector' | 'voted' | 'not-voted' } = {},
): string {
  const locale = options.locale === 'en' ? 'en' : 'zh';
  const lines = [
    t(audience === 'group' ? 'vote-announce-title' : 'vote-card-title', {
      number: card.number,
      title: card.title,
    }),
    kindLine(t, card, locale),
    '',
    card.body,
    '',
    ...rulesLines(t, card),
    t(`vote-card-electorate-${card.electorate}`, { size: card.electorateSize }),
    t(card.isOpen ? 'vote-card-closes' : 'vote-card-closed', {
      closes: formatVoteTime(card.closesAt, card.timezone),
    }),
  ];
  if (audience === 'group') {
    lines.push('', t('vote-announce-how', { number: card.number }));
    return lines.join('\n');
  }
  lines.push(t('vote-card-turnout', { turnout: card.turnout, size: card.electorateSize }));
  lines.push(t('vote-card-engagement', { likes: card.likes, comments: card.commentCount }));
  for (const comment of card.comments)
    lines.push(
      t('vote-card-comment-line', { name: comment.name, number: comment.number, text: comment.text }),
    );
  if (card.isOpen) {
    if (options.standing === 'voted') lines.push('', t('vote-card-you-voted'));
    else if (options.standing === 'not-elector') lines.push('', t('vote-card-not-elector'));
    else lines.push('', t('vote-card-how', { number: card.number }));
  }
  return lines.join('\n');
}

/** The secretary's preview of what /newvote will launch. */
export function renderVotePreview(
  t: Translate,
  draft: ConversationDraft,
  locale: string | undefined,
): string {
  const options = (
    draft.optionLabels && draft.optionLabels.length > 0
      ? draft.optionLabels.map((label, i) => ({
          position: i + 1,
          meaning: (['FOR', 'AGAINST', 'ABSTAIN'] as const)[i] ?? 'ABSTAIN',
          label,
        }))
      : (['FOR', 'AGAINST', 'ABSTAIN'] as const).map((meaning, i) => ({
          position: i + 1,
          meaning,
          label: null,
        }))
  ) satisfies { position: number; meaning: VoteOptionMeaning; label: string | null }[];
  const change = draft.pointCode
    ? draft.pointPoints === null || draft.pointPoints === undefined
      ? ({ action: 'retire', code: draft.pointCode } as const)
      : draft.pointCodeExists
        ? ({ action: 'edit', code: draft.pointCode, points: draft.pointPoints } as const)
        : ({
            action: 'add',
            code: draft.pointCode,
            points: draft.pointPoints,
            descriptionZh: draft.pointDescriptionZh ?? '',
            descriptionEn: draft.pointDescriptionEn ?? '',
          } as const)
    : null;
  const minutes = draft.durationMinutes ?? VOTE_DEFAULT_DURATION_MINUTES;
  const electorate = draft.electorate ?? 'MEMBERS';
  return [
    t('vote-launch-preview-title', { title: draft.title ?? '' }),
    kindLine(
      t,
      { kind: draft.kind ?? 'NEW_RULE', ruleNumber: draft.ruleNumber ?? null, pointRuleChange: change },
      locale === 'en' ? 'en' : 'zh',
    ),
    ...(draft.talkItemNumber ? [t('vote-launch-preview-from-item', { number: draft.talkItemNumber })] : []),
    '',
    draft.body ?? '',
    '',
    ...rulesLines(t, {
      options,
      secret: draft.secret ?? false,
      quorumPercent: draft.quorumPercent ?? null,
      threshold: draft.threshold ?? 'MAJORITY',
    }),
    t(`vote-launch-preview-electorate-${electorate}`, {
      numbers: (draft.listMemberNumbers ?? []).join(', '),
    }),
    minutes % 1440 === 0
      ? t('vote-launch-preview-days', { days: minutes / 1440 })
      : minutes % 60 === 0
        ? t('vote-launch-preview-hours', { hours: minutes / 60 })
        : t('vote-launch-preview-minutes', { minutes }),
    '',
    t('vote-launch-preview-confirm'),
  ].join('\n');
}
