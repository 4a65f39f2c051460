import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
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

/**
 * Who you are right now: every villager, with their member number (what a secretary types after
 * /grant or /assign) and a badge when the bot wrote to them meanwhile. "New person" stays in view
 * beside the list, which scrolls on its own (a phone shows only a few people at a time).
 */
export function PersonaBar(props: PersonaBarProps) {
  const { t } = props;
  const list = useRef<HTMLDivElement>(null);
  const [beyond, setBeyond] = useState({ before: false, more: false });
  /** A sideways strip (a phone) fades at an edge with people beyond it, to say so. */
  const measure = useCallback(() => {
    const strip = list.current;
    if (!strip) return;
    const before = strip.scrollLeft > 1;
    const more = strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1;
    setBeyond((now) => (now.before === before && now.more === more ? now : { before, more }));
  }, []);
  useEffect(() => {
    addEventListener('resize', measure);
    return () => removeEventListener('resize', measure);
  }, [measure]);
  // Whoever you are is in view, even when the strip had to scroll to reach them.
  useEffect(() => {
    list.current?.querySelector('.persona.active')?.scrollIntoView({ block: 'nearest', inline: 'center' });
    measure();
  }, [props.activeId, props.personas.length, measure]);
  return (
    <nav class="personas" aria-label={t('personas')}>
      <button type="button" class="persona new" onClick={props.onNewPerson}>
        <span class="avatar" aria-hidden="true">
          +
        </span>
        <span class="who">
          <span class="name">{t('newPerson')}</span>
        </span>
      </button>
      <div
        class={['persona-list', beyond.before && 'before', beyond.more && 'more'].filter(Boolean).join(' ')}
        ref={list}
        onScroll={measure}
      >
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
                  {persona.number !== undefined && (
                    <span class="number" data-testid="member-number">
                      {t('memberNumber', persona.number)}
                    </span>
                  )}
                  <span class="role-text">
                    {[persona.role, persona.language === 'en' ? 'EN' : '中'].filter(Boolean).join(' · ')}
                  </span>
                </span>
              </span>
              {unread > 0 && (
                <span class="badge" data-testid="unread" title={`${unread} ${t('unread')}`}>
                  {unread}
                </span>
              )}
            </button>
          );
        })}
      </div>
    </nav>
  );
}
