import type { UserSpec } from '../../tools/bot-api-emulator/index.ts';

/** Someone the person at the keyboard can type as: a Telegram user of the emulator. */
export interface Persona {
  /** How the demo shows them. */
  name: string;
  /** Other names `:as` accepts (for keyboards without a Chinese input method). */
  aliases: string[];
  user: UserSpec;
}

export const SECRETARY_ID = 10001;

const LANGUAGES = { zh: 'zh-hans', en: 'en' } as const;
export type PersonaLanguage = keyof typeof LANGUAGES;

/** The secretary (a BOT_ADMINS id, so they may /newvillage) and two villagers, one speaking English. */
function demoPersonas(): Persona[] {
  return [
    {
      name: '书记',
      aliases: ['secretary', 'li'],
      user: { id: SECRETARY_ID, first_name: '李书记', username: 'secretary_li', language_code: 'zh-hans' },
    },
    {
      name: '谢启富',
      aliases: ['xie', 'qifu'],
      user: { id: 10002, first_name: '谢启富', language_code: 'zh-hans' },
    },
    {
      name: '王秀英',
      aliases: ['wang', 'xiuying'],
      user: { id: 10003, first_name: '王秀英', language_code: 'en' },
    },
  ];
}

export class PersonaBook {
  private readonly personas = demoPersonas();
  current: Persona = this.personas[0] as Persona;

  list(): readonly Persona[] {
    return this.personas;
  }

  /** By number in the list, Telegram id, name or alias (case-insensitive). */
  find(query: string): Persona | undefined {
    const wanted = query.trim().toLowerCase();
    if (!wanted) return undefined;
    if (/^\d+$/.test(wanted)) {
      const n = Number(wanted);
      return this.personas[n - 1] ?? this.personas.find((p) => p.user.id === n);
    }
    return this.personas.find(
      (p) =>
        p.name.toLowerCase() === wanted || p.aliases.includes(wanted) || p.user.first_name === query.trim(),
    );
  }

  add(name: string, language: PersonaLanguage = 'zh'): Persona {
    const id = Math.max(...this.personas.map((p) => p.user.id)) + 1;
    const persona: Persona = {
      name,
      aliases: [],
      user: { id, first_name: name, language_code: LANGUAGES[language] },
    };
    this.personas.push(persona);
    return persona;
  }

  /** The persona whose private chat this is, or a plain label for other chats. */
  nameOfChat(chatId: number | undefined): string {
    if (chatId === undefined) return '?';
    return this.personas.find((p) => p.user.id === chatId)?.name ?? `chat ${chatId}`;
  }
}

/** `:new 张三 en` → name and language; the language word is optional. */
export function parseNewPersona(args: string): { name: string; language: PersonaLanguage } | undefined {
  const words = args.trim().split(/\s+/).filter(Boolean);
  let language: PersonaLanguage = 'zh';
  const last = words.at(-1)?.toLowerCase();
  if (words.length > 1 && (last === 'en' || last === 'zh')) {
    language = last;
    words.pop();
  }
  const name = words.join(' ');
  return name ? { name, language } : undefined;
}
