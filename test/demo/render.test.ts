import { describe, expect, it } from 'vitest';
import { PersonaBook, parseNewPersona } from '../../scripts/demo/personas.ts';
import { describeCall, stylesFor, summarizeCall } from '../../scripts/demo/render.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';

const plain = stylesFor(false);

function call(overrides: Partial<RecordedCall>): RecordedCall {
  return {
    seq: 7,
    time: 0,
    durationMs: 1,
    method: 'sendMessage',
    token: '1:x',
    botId: 1,
    chatId: 10001,
    params: {},
    ok: true,
    inPenaltyWindow: false,
    ...overrides,
  };
}

describe('describeCall', () => {
  it('shows a message with its inline buttons numbered in reading order', () => {
    const result = {
      message_id: 3,
      date: 0,
      chat: { id: 10001, type: 'private', first_name: 'x' },
      text: '请选择语言：\n第二行',
      reply_markup: {
        inline_keyboard: [
          [
            { text: '中文', callback_data: 'lang:zh' },
            { text: 'English', callback_data: 'lang:en' },
          ],
          [{ text: 'Site', url: 'https://example.org' }],
        ],
      },
    };
    expect(describeCall(call({ result }), '书记', plain)).toEqual([
      'bot → 书记: 请选择语言：',
      '    第二行',
      '    [1 中文] [2 English] [3 Site ↗]',
    ]);
  });

  it('marks edits, and shows a 429 as a note with its retry_after', () => {
    const edited = call({ method: 'editMessageText', result: { message_id: 3, text: '新的' } });
    expect(describeCall(edited, '书记', plain)).toEqual(['bot → 书记 (edited): 新的']);

    const refused = call({
      ok: false,
      errorCode: 429,
      description: 'Too Many Requests: retry after 2',
      retryAfter: 2,
    });
    const [line] = describeCall(refused, '谢启富', plain);
    expect(line).toContain('sendMessage to 谢启富: 429 Too Many Requests: retry after 2');
    expect(line).toContain('waits 2 s and retries');
    expect(summarizeCall(refused, '谢启富')).toBe('#7 sendMessage → 谢启富: 429 retry_after=2');
  });

  it('hides the plumbing: polling, commands, webhook', () => {
    expect(describeCall(call({ method: 'getUpdates', chatId: undefined }), '?', plain)).toEqual([]);
    expect(describeCall(call({ method: 'setMyCommands', chatId: undefined }), '?', plain)).toEqual([]);
  });
});

describe('PersonaBook', () => {
  it('finds personas by number, name, alias or id, and numbers new ones after the last', () => {
    const book = new PersonaBook();
    expect(book.find('2')?.name).toBe('谢启富');
    expect(book.find('王秀英')?.user.language_code).toBe('en');
    expect(book.find('Secretary')?.user.id).toBe(10001);
    expect(book.find('10003')?.name).toBe('王秀英');
    expect(book.find('nobody')).toBeUndefined();
    const added = book.add('张三', 'en');
    expect(added.user).toMatchObject({ id: 10004, first_name: '张三', language_code: 'en' });
    expect(book.nameOfChat(10004)).toBe('张三');
    expect(book.nameOfChat(-100)).toBe('chat -100');
  });

  it('reads :new arguments with an optional language', () => {
    expect(parseNewPersona('张三 en')).toEqual({ name: '张三', language: 'en' });
    expect(parseNewPersona('Li Ming')).toEqual({ name: 'Li Ming', language: 'zh' });
    expect(parseNewPersona('en')).toEqual({ name: 'en', language: 'zh' });
    expect(parseNewPersona('  ')).toBeUndefined();
  });
});
