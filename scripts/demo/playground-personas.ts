import { DEMO_PEOPLE } from '../../core/demo/seed-demo-village.ts';
import type { Role } from '../../core/roles/permissions.ts';
import type { Persona } from '../../tools/playground/shared/wire.ts';

/** The switcher's short role labels (playground chrome, not the bot's words). */
const ROLE_LABELS: Partial<Record<Role, string>> = {
  SECRETARY: '书记',
  CADRE: '村干部',
  SUPERVISOR: '监督员',
  SHOPKEEPER: '店主',
};

/** Youyi Village's seeded people, as the playground offers them. */
export function seededPersonas(): Persona[] {
  return DEMO_PEOPLE.map((person, index) => ({
    id: person.telegramId,
    number: index + 1, // the seed numbers them in this order
    name: person.firstName,
    language: person.language === 'en' ? 'en' : 'zh',
    role: person.roles.map((role) => ROLE_LABELS[role]).find(Boolean) ?? '村民',
  }));
}
