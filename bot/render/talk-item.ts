import type { ItemCard } from '../../core/talk/item-card.ts';
import type { ItemSummary } from '../../core/talk/read-items.ts';

/** Renders through a Fluent lookup: `ctx.t` for the reader, or a fixed locale for the village group. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * The messages here are sent without parse_mode, so villagers' words are shown exactly as typed and
 * can never be read as markup.
 */
export function renderItemCard(t: Translate, card: ItemCard): string {
  const lines = [t('talk-card-head', { number: card.number, category: t(`talk-category-${card.category}`) })];
  if (card.title) lines.push(card.title);
  if (card.text) lines.push(card.text);
  if (card.voiceFileId && !card.title && !card.text) lines.push(t('talk-card-voice'));
  if (card.latitude !== null && card.longitude !== null)
    lines.push(t('talk-card-location', { latitude: card.latitude, longitude: card.longitude }));
  lines.push(
    card.enteredBy
      ? t('talk-card-raised-for', { raiser: card.raiser, enteredBy: card.enteredBy })
      : t('talk-card-raised', { raiser: card.raiser }),
  );
  lines.push(t('talk-card-status', { status: t(`talk-status-${card.status}`), likes: card.likes }));
  return lines.join('\n');
}

/** One line of /issues, /inbox: number, category, status, the first words, the me-too count. */
export function renderItemLine(t: Translate, item: ItemSummary): string {
  const words =
    [item.title, item.text].filter(Boolean).join(' ') ||
    t(item.hasVoice ? 'talk-card-voice' : 'talk-card-media');
  return t('talk-list-line', {
    number: item.number,
    category: t(`talk-category-${item.category}`),
    status: t(`talk-status-${item.status}`),
    text: shorten(words, 40),
    likes: item.likes,
  });
}

export function shorten(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** Telegram refuses captions over 1,024 characters; a card longer than that is cut, not refused. */
export function asCaption(text: string): string {
  const chars = [...text];
  return chars.length > 1024 ? `${chars.slice(0, 1023).join('')}…` : text;
}
