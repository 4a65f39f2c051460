import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UserSpec } from '../../bot-api-emulator/index.ts';
import type { Persona, PersonaLanguage } from '../shared/wire.ts';

/** Telegram's language_code for each playground language (Chinese Telegram apps send zh-hans). */
const LANGUAGE_CODES: Record<PersonaLanguage, string> = { zh: 'zh-hans', en: 'en' };
const FIRST_NEWCOMER_ID = 20_001;
const NAME_MAX = 64;

/**
 * The people the playground lets you be: the seeded villagers, plus newcomers made in the page.
 * Newcomers and language switches are kept in a small JSON file (when given), so a restarted demo
 * still has the person who joined yesterday.
 */
export class PersonaStore {
  private readonly personas: Persona[];
  private readonly listeners = new Set<() => void>();

  constructor(
    seeded: readonly Persona[],
    private readonly file?: string,
  ) {
    this.personas = seeded.map((p) => ({ ...p }));
    for (const saved of this.readSaved()) {
      const known = this.personas.find((p) => p.id === saved.id);
      if (known) known.language = saved.language;
      else this.personas.push(saved);
    }
  }

  list(): Persona[] {
    return this.personas.map((p) => ({ ...p }));
  }

  get(id: number): Persona | undefined {
    return this.personas.find((p) => p.id === id);
  }

  async add(name: string, language: PersonaLanguage): Promise<Persona> {
    const trimmed = name.trim().slice(0, NAME_MAX);
    if (!trimmed) throw new RangeError('a new person needs a name');
    const id = Math.max(FIRST_NEWCOMER_ID - 1, ...this.personas.map((p) => p.id)) + 1;
    const persona: Persona = { id, name: trimmed, language, role: '' };
    this.personas.push(persona);
    await this.save();
    return { ...persona };
  }

  async setLanguage(id: number, language: PersonaLanguage): Promise<Persona | undefined> {
    const persona = this.get(id);
    if (!persona) return undefined;
    persona.language = language;
    await this.save();
    return { ...persona };
  }

  /** Called after every change, for the live feed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private readSaved(): Persona[] {
    if (!this.file || !existsSync(this.file)) return [];
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { personas?: Persona[] };
      return (parsed.personas ?? []).filter(
        (p) =>
          Number.isInteger(p.id) &&
          typeof p.name === 'string' &&
          (p.language === 'zh' || p.language === 'en'),
      );
    } catch {
      return []; // a damaged file costs the newcomers' entries, not the demo
    }
  }

  private async save(): Promise<void> {
    for (const listener of this.listeners) listener();
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(this.file, `${JSON.stringify({ personas: this.personas }, null, 2)}\n`);
  }
}

/** The emulator's user for a persona: what Telegram would put in `from`. */
export function userSpecOf(persona: Persona): UserSpec {
  return { id: persona.id, first_name: persona.name, language_code: LANGUAGE_CODES[persona.language] };
}

export function languageOf(languageCode: string | undefined): PersonaLanguage {
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
