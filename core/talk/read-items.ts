import type { Db } from '../db/client.ts';
import { displayName, MEMBER_NAME_SELECT } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { can } from '../roles/permissions.ts';
import { itemNotFound } from './load-item.ts';
import { OPEN_STATES } from './talk-states.ts';

export interface ItemSummary {
  number: number;
  category: string;
  status: string;
  title: string | null;
  text: string | null;
  hasPhoto: boolean;
  hasVoice: boolean;
  likes: number;
  createdAt: Date;
}

const summarySelect = {
  number: true,
  category: true,
  status: true,
  title: true,
  text: true,
  photoFileId: true,
  voiceFileId: true,
  createdAt: true,
  _count: { select: { likes: true } },
} as const;

function toSummary(item: {
  number: number;
  category: string;
  status: string;
  title: string | null;
  text: string | null;
  photoFileId: string | null;
  voiceFileId: string | null;
  createdAt: Date;
  _count: { likes: number };
}): ItemSummary {
  return {
    number: item.number,
    category: item.category,
    status: item.status,
    title: item.title,
    text: item.text,
    hasPhoto: item.photoFileId !== null,
    hasVoice: item.voiceFileId !== null,
    likes: item._count.likes,
    createdAt: item.createdAt,
  };
}

/** /issues: open items, most "me too" first, then oldest first. */
export async function listOpenItems(db: Db, input: { actor: Membership | undefined; limit?: number }) {
  const actor = requireAllowed(input.actor, 'profile.view');
  const items = await db.talkItem.findMany({
    where: { villageId: actor.villageId, status: { in: [...OPEN_STATES] }, hiddenAt: null },
    select: summarySelect,
    orderBy: [{ likes: { _count: 'desc' } }, { createdAt: 'asc' }],
    take: input.limit ?? 20,
  });
  return items.map(toSummary);
}

/** /inbox: items waiting for the secretary's response, oldest first. */
export async function listInbox(db: Db, input: { actor: Membership | undefined; limit?: number }) {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const items = await db.talkItem.findMany({
    where: { villageId: actor.villageId, status: { in: ['OPEN', 'REOPENED'] }, hiddenAt: null },
    select: summarySelect,
    orderBy: { createdAt: 'asc' },
    take: input.limit ?? 20,
  });
  return items.map(toSummary);
}

export type TimelineEvent =
  | { kind: 'raised'; at: Date; by: string; enteredBy: string | null }
  | { kind: 'status'; at: Date; by: string | null; from: string | null; to: string; reason: string | null }
  | { kind: 'comment'; at: Date; by: string; text: string; commentId: bigint }
  | { kind: 'comment-hidden'; at: Date; by: string; hiddenBy: string; reason: string; commentId: bigint }
  | { kind: 'note'; at: Date; by: string; text: string | null; hasPhoto: boolean }
  | { kind: 'task'; at: Date; assignee: string; assigneeNumber: number; dueAt: Date }
  | { kind: 'hidden' | 'restored'; at: Date; by: string; reason: string }
  | { kind: 'rating'; at: Date; by: string; stars: number; outcome: string; comment: string | null };

/** /issue <n>: the whole public record, who said and did what, when. Hidden things say they were hidden. */
export async function getItemTimeline(db: Db, input: { actor: Membership | undefined; number: number }) {
  const actor = requireAllowed(input.actor, 'profile.view');
  const member = MEMBER_NAME_SELECT;
  const item =
    (await db.talkItem.findUnique({
      where: { villageId_number: { villageId: actor.villageId, number: input.number } },
      include: {
        raiser: member,
        enteredBy: member,
        hiddenBy: member,
        mergedInto: { select: { number: true } },
        _count: { select: { likes: true, follows: true } },
        statusChanges: { include: { actor: member }, orderBy: { id: 'asc' } },
        comments: { include: { author: member, hiddenBy: member }, orderBy: { id: 'asc' } },
        tasks: { include: { assignee: member, notes: { include: { author: member } } } },
        ratings: { include: { rater: member } },
      },
    })) ?? itemNotFound(input.number);
  const name = (m: { realName: string | null; number: number } | null) => (m ? displayName(m) : null);
  // The supervisors read what was hidden (they watch the hiding); everyone else reads that it was.
  const mayReadHidden = can(actor.roles, 'talk.restore');
  if (item.hiddenAt && !mayReadHidden) {
    // Never silently: a hidden item still answers, with who hid it and why, but not what it said.
    return {
      hidden: {
        number: item.number,
        by: name(item.hiddenBy) ?? '',
        reason: item.hiddenReason ?? '',
        at: item.hiddenAt,
      },
    };
  }
  const events: TimelineEvent[] = [];
  for (const change of item.statusChanges) {
    if (change.fromStatus === null) {
      events.push({
        kind: 'raised',
        at: change.createdAt,
        by: name(item.raiser) ?? '',
        enteredBy: name(item.enteredBy),
      });
    } else {
      events.push({
        kind: 'status',
        at: change.createdAt,
        by: name(change.actor),
        from: change.fromStatus,
        to: change.toStatus,
        reason: change.reason,
      });
    }
  }
  for (const comment of item.comments) {
    if (comment.hiddenAt) {
      events.push({
        kind: 'comment-hidden',
        at: comment.createdAt,
        by: name(comment.author) ?? '',
        hiddenBy: name(comment.hiddenBy) ?? '',
        reason: comment.hiddenReason ?? '',
        commentId: comment.id,
      });
    } else {
      events.push({
        kind: 'comment',
        at: comment.createdAt,
        by: name(comment.author) ?? '',
        text: comment.text,
        commentId: comment.id,
      });
    }
  }
  for (const task of item.tasks) {
    events.push({
      kind: 'task',
      at: task.createdAt,
      assignee: name(task.assignee) ?? '',
      assigneeNumber: task.assignee.number,
      dueAt: task.dueAt,
    });
    for (const note of task.notes) {
      events.push({
        kind: 'note',
        at: note.createdAt,
        by: name(note.author) ?? '',
        text: note.text,
        hasPhoto: note.photoFileId !== null,
      });
    }
  }
  const moderation = await db.auditEvent.findMany({
    where: { subject: `talk:${item.id}`, action: { in: ['talk.item.hide', 'talk.item.restore'] } },
    include: { actor: member },
    orderBy: { id: 'asc' },
  });
  for (const event of moderation) {
    events.push({
      kind: event.action === 'talk.item.hide' ? 'hidden' : 'restored',
      at: event.createdAt,
      by: name(event.actor) ?? '',
      reason: String((event.data as { reason?: unknown } | null)?.reason ?? ''),
    });
  }
  for (const rating of item.ratings) {
    events.push({
      kind: 'rating',
      at: rating.createdAt,
      by: name(rating.rater) ?? '',
      stars: rating.stars,
      outcome: rating.outcome,
      comment: rating.comment,
    });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    item: {
      number: item.number,
      category: item.category,
      status: item.status,
      title: item.title,
      text: item.text,
      photoFileId: item.photoFileId,
      voiceFileId: item.voiceFileId,
      latitude: item.latitude,
      longitude: item.longitude,
      raiser: name(item.raiser),
      enteredBy: name(item.enteredBy),
      likes: item._count.likes,
      followers: item._count.follows,
      mergedInto: item.mergedInto?.number ?? null,
      currentTask: item.tasks.find((t) => t.round === item.round) ?? null,
      /** Set only for a reader allowed to see a hidden item (a supervisor). */
      hiddenBy: item.hiddenAt ? { by: name(item.hiddenBy) ?? '', reason: item.hiddenReason ?? '' } : null,
    },
    events,
    hidden: null,
  };
}

export type ItemTimeline = Awaited<ReturnType<typeof getItemTimeline>>;
export type VisibleTimeline = Extract<ItemTimeline, { hidden: null }>;
