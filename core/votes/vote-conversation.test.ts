import { describe, expect, it } from 'vitest';
import { parseBallotChoice, parseProxyCommand, parseVoteCommand } from './parse-vote-command.ts';
import {
  answerChoice,
  answerText,
  isExpired,
  type Reading,
  startConversation,
  toVoteDraft,
  type VoteConversation,
} from './vote-conversation.ts';

const now = new Date('2026-12-01T08:00:00Z');

function ok(reading: Reading): VoteConversation {
  if (!reading.ok) throw new Error(`refused: ${reading.code}`);
  return reading.conversation;
}

/** Answers in turn: a string is typed, `{ choice }` pressed on the step asked. */
function walk(start: VoteConversation, answers: (string | { choice: string })[]): VoteConversation {
  return answers.reduce(
    (conversation, answer) =>
      ok(
        typeof answer === 'string'
          ? answerText(conversation, answer, now)
          : answerChoice(conversation, conversation.step, answer.choice, now),
      ),
    start,
  );
}

describe('the /newvote conversation', () => {
  it('with every default: title, text, a new rule, then the defaults pressed, reaches the preview', () => {
    const done = walk(startConversation(now), [
      '禁止婚前大操大办',
      '婚前不得摆酒席，\n违者不评文明户。',
      { choice: 'new' },
      { choice: 'default' },
      { choice: 'default' },
      { choice: 'default' },
      { choice: 'default' },
      { choice: 'default' },
      { choice: 'default' },
    ]);
    expect(done.step).toBe('confirm');
    expect(toVoteDraft(done.draft)).toEqual({
      title: '禁止婚前大操大办',
      body: '婚前不得摆酒席，\n违者不评文明户。',
      kind: 'NEW_RULE',
      durationMinutes: 7200,
      secret: false,
      quorumPercent: null,
      threshold: 'MAJORITY',
      electorate: 'MEMBERS',
    });
  });

  it('with every option set: amend a rule, own labels, 36 hours, secret, 60%, two thirds, a list', () => {
    const done = walk(startConversation(now), [
      'Quiet hours',
      'No loud music after 22:00.',
      { choice: 'amend' },
      '#3',
      '同意 / 不同意 / 弃权',
      '36小时',
      { choice: 'secret' },
      '60%',
      { choice: 'two-thirds' },
      { choice: 'list' },
      '2, 3、5 5',
    ]);
    expect(done.step).toBe('confirm');
    expect(toVoteDraft(done.draft)).toMatchObject({
      kind: 'AMEND_RULE',
      ruleNumber: 3,
      options: [
        { meaning: 'FOR', label: '同意' },
        { meaning: 'AGAINST', label: '不同意' },
        { meaning: 'ABSTAIN', label: '弃权' },
      ],
      durationMinutes: 36 * 60,
      secret: true,
      quorumPercent: 60,
      threshold: 'TWO_THIRDS',
      electorate: 'LIST',
      listMemberNumbers: [2, 3, 5],
    });
  });

  it('a points rule: a new code asks its description; an existing one does not; retiring needs none', () => {
    const atCode = walk(startConversation(now), ['Litter', 'Fine littering', { choice: 'points' }]);
    expect(atCode.step).toBe('point-code');
    const fresh = ok(answerText(atCode, 'Litter-Fine', now, { pointCodeExists: false }));
    const described = walk(ok(answerText(fresh, '-5', now)), ['zh:乱扔垃圾 en:Littering']);
    expect(described.step).toBe('options');
    expect(toVoteDraft(described.draft)?.pointRuleChange).toEqual({
      action: 'add',
      code: 'litter-fine',
      points: -5,
      descriptionZh: '乱扔垃圾',
      descriptionEn: 'Littering',
    });
    const known = ok(answerText(atCode, 'help-neighbour', now, { pointCodeExists: true }));
    expect(ok(answerText(known, '+10', now)).step).toBe('options');
    const retired = ok(answerText(known, '停用', now));
    expect(toVoteDraft(retired.draft)?.pointRuleChange).toEqual({ action: 'retire', code: 'help-neighbour' });
    expect(answerChoice(fresh, 'point-points', 'retire', now)).toMatchObject({
      ok: false,
      code: 'point-rule-not-found',
    });
  });

  it('from a talk item starts at the kind, with its title and text', () => {
    const start = startConversation(now, { talkItemNumber: 7, title: '村口路灯坏了', body: '晚上太黑' });
    expect(start).toMatchObject({
      step: 'kind',
      draft: { talkItemNumber: 7, title: '村口路灯坏了', body: '晚上太黑' },
    });
  });

  it('refuses bad answers with the reason and leaves the step as it was', () => {
    const start = startConversation(now);
    expect(answerText(start, 'x'.repeat(5000), now)).toMatchObject({
      ok: false,
      code: 'text-too-long',
      params: { max: 100, length: 5000 },
    });
    expect(answerText(start, '/newvote', now)).toMatchObject({
      ok: false,
      code: 'vote-title-invalid',
      params: { max: 100 },
    });
    const atKind = walk(start, ['T', 'B']);
    expect(answerText(atKind, 'new rule', now)).toMatchObject({ ok: false, code: 'vote-draft-press-button' });
    const atDuration = walk(atKind, [{ choice: 'new' }, { choice: 'default' }]);
    expect(atDuration.step).toBe('duration');
    for (const bad of ['30m', '31天', 'soon'])
      expect(answerText(atDuration, bad, now)).toMatchObject({ ok: false, code: 'vote-duration-invalid' });
    expect(ok(answerText(atDuration, '默认', now)).draft.durationMinutes).toBe(7200);
    const atQuorum = walk(atDuration, ['1h', { choice: 'default' }]);
    expect(answerText(atQuorum, '0', now)).toMatchObject({ ok: false, code: 'vote-quorum-invalid' });
    expect(answerText(atQuorum, '101%', now)).toMatchObject({ ok: false, code: 'vote-quorum-invalid' });
    const atOptions = walk(start, ['T', 'B', { choice: 'new' }]);
    expect(answerText(atOptions, '只有一个', now)).toMatchObject({ ok: false, code: 'vote-options-invalid' });
    expect(answerText(atOptions, '好 / 好', now)).toMatchObject({ ok: false, code: 'vote-options-invalid' });
  });

  it('refuses a button of a question already answered (an old message)', () => {
    const atOptions = walk(startConversation(now), ['T', 'B', { choice: 'new' }]);
    expect(answerChoice(atOptions, 'kind', 'repeal', now)).toEqual({ ok: false, code: 'vote-draft-stale' });
    expect(answerChoice(atOptions, 'options', 'bogus', now)).toEqual({ ok: false, code: 'vote-draft-stale' });
  });

  it('expires an hour after the last question', () => {
    const start = startConversation(now);
    expect(isExpired(start, new Date(now.getTime() + 59 * 60_000))).toBe(false);
    expect(isExpired(start, new Date(now.getTime() + 61 * 60_000))).toBe(true);
  });
});

describe('/vote and /proxyvote as typed', () => {
  it('reads the choice words of both languages and positions', () => {
    expect(parseBallotChoice('赞成')).toEqual({ meaning: 'FOR' });
    expect(parseBallotChoice('同意')).toEqual({ meaning: 'FOR' });
    expect(parseBallotChoice('Against')).toEqual({ meaning: 'AGAINST' });
    expect(parseBallotChoice('弃权')).toEqual({ meaning: 'ABSTAIN' });
    expect(parseBallotChoice('2')).toEqual({ position: 2 });
    expect(parseBallotChoice('maybe')).toBeUndefined();
    expect(parseVoteCommand('3')).toEqual({ kind: 'show', number: 3 });
    expect(parseVoteCommand('#3 反对')).toEqual({ kind: 'cast', number: 3, choice: { meaning: 'AGAINST' } });
    expect(parseVoteCommand('3 maybe')).toEqual({ kind: 'bad-choice', number: 3, word: 'maybe' });
    expect(parseVoteCommand('')).toEqual({ kind: 'usage' });
    expect(parseProxyCommand('3 12 for')).toEqual({
      number: 3,
      memberNumber: 12,
      choice: { meaning: 'FOR' },
    });
    expect(parseProxyCommand('3 for')).toBeUndefined();
  });
});
