import type { Persona } from '../../shared/wire.ts';
import type { Labels } from './labels.ts';

export interface PersonaBarProps {
  personas: Persona[];
  activeId: number;
  /** Unread bot messages in each persona's private chat. */
  unread: Record<number, number>;
  t: Labels;
  onSelect: (id: number) => void;
  onNewPerson: () => void;
}

/** Who you are right now: every villager, with a badge when the bot wrote to them meanwhile. */
export function PersonaBar(props: PersonaBarProps) {
  return (
    <nav class="personas" aria-label={props.t('personas')}>
      {props.personas.map((persona) => {
        const unread = props.unread[persona.id] ?? 0;
        return (
          <button
            type="button"
            key={persona.id}
            class={`persona ${persona.id === props.activeId ? 'active' : ''}`}
            data-persona-id={persona.id}
            aria-pressed={persona.id === props.activeId}
            onClick={() => props.onSelect(persona.id)}
          >
            <span class="avatar" aria-hidden="true">
              {[...persona.name][0]}
            </span>
            <span class="who">
              <span class="name">{persona.name}</span>
              <span class="role">
                {persona.role}
                {persona.role && ' · '}
                {persona.language === 'en' ? 'EN' : '中'}
              </span>
            </span>
            {unread > 0 && (
              <span class="badge" data-testid="unread" title={`${unread} ${props.t('unread')}`}>
                {unread}
              </span>
            )}
          </button>
        );
      })}
      <button type="button" class="persona new" onClick={props.onNewPerson}>
        <span class="avatar" aria-hidden="true">
          +
        </span>
        <span class="who">
          <span class="name">{props.t('newPerson')}</span>
        </span>
      </button>
    </nav>
  );
}
