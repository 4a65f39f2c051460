import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

const valid = {
  BOT_TOKEN: '123456:ABCdefGHIjklMNOpqr',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/yingshan',
  QR_SECRET: 'a-long-enough-secret',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies defaults to a minimal environment', () => {
    const config = parseConfig(valid);
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.BOT_MODE).toBe('polling');
    expect(config.DEFAULT_LOCALE).toBe('zh-CN');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.BOT_ADMINS).toEqual([]);
  });

  it('names a missing variable', () => {
    const problems = problemsOf({ ...valid, BOT_TOKEN: undefined });
    expect(problems).toEqual(['BOT_TOKEN is required']);
  });

  it('treats an empty value as missing', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: '' })).toEqual(['DATABASE_URL is required']);
  });

  it('names every bad variable and says what is wrong', () => {
    const problems = problemsOf({
      ...valid,
      BOT_TOKEN: 'nonsense',
      DATABASE_URL: 'mysql://x',
      BOT_ADMINS: '42, alice',
      LOG_LEVEL: 'loud',
      QR_SECRET: 'short',
    });
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.startsWith('BOT_TOKEN'))).toMatch(/bot token/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toMatch(/postgresql/);
    expect(problems.find((p) => p.startsWith('BOT_ADMINS'))).toMatch(/"alice"/);
    expect(problems.find((p) => p.startsWith('QR_SECRET'))).toMatch(/16/);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL'))).toBe(true);
  });

  it('parses admin ids as bigints', () => {
    expect(parseConfig({ ...valid, BOT_ADMINS: '42, 7000000001 8' }).BOT_ADMINS).toEqual([
      42n,
      7000000001n,
      8n,
    ]);
  });

  it('requires a webhook URL and secret in webhook mode', () => {
    const problems = problemsOf({ ...valid, BOT_MODE: 'webhook' });
    expect(problems).toEqual([
      'WEBHOOK_URL is required when BOT_MODE=webhook',
      'WEBHOOK_SECRET is required when BOT_MODE=webhook',
    ]);
    const config = parseConfig({
      ...valid,
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://bot.example.org/telegram',
      WEBHOOK_SECRET: 'sixteen-chars-ok',
    });
    expect(config.WEBHOOK_PORT).toBe(8080);
  });

  it('rejects an unknown locale and mode', () => {
    const problems = problemsOf({ ...valid, DEFAULT_LOCALE: 'fr', BOT_MODE: 'carrier-pigeon' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['BOT_MODE', 'DEFAULT_LOCALE']);
  });
});
