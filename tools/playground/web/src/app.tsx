import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type {
  ApiCall,
  BotCommandItem,
  ButtonNotice,
  ChatMessage,
  FeedEvent,
  OutgoingContent,
  Persona,
  Setup,
} from '../../shared/wire.ts';
import { api } from './api.ts';
import { ApiPanel } from './api-panel.tsx';
import { ChatView } from './chat-view.tsx';
import { Composer } from './composer.tsx';
import { labelsFor } from './labels.ts';
import { useLiveFeed } from './live-feed.ts';
import { type NewPerson, NewPersonDialog } from './new-person-dialog.tsx';
import { Notice } from './notice.tsx';
import { PersonaBar } from './persona-bar.tsx';

type View = 'bot' | 'group';
const MAX_CALLS = 500;

/** `?as=<id>` picks the persona, `?start=<payload>` opens the bot's deep link for them. */
function initialPersona(personas: Persona[]): number {
  const params = new URLSearchParams(location.search);
  for (const wanted of [params.get('as'), localStorage.getItem('yingshan.persona')]) {
    const id = Number(wanted);
    if (personas.some((p) => p.id === id)) return id;
  }
  return personas[0]?.id ?? 0;
}

/** The payload of a link that opens this bot (`https://t.me/<bot>?start=<payload>`), if it is one. */
function startPayloadOf(url: string, botUsername: string): string | undefined {
  try {
    const parsed = new URL(url);
    const isBot =
      parsed.hostname === 't.me' && parsed.pathname.slice(1).toLowerCase() === botUsername.toLowerCase();
    return isBot ? (parsed.searchParams.get('start') ?? '') : undefined;
  } catch {
    return undefined;
  }
}

export function App() {
  const [setup, setSetup] = useState<Setup>();
  const [personas, setPersonas] = useState<Persona[]>([]);
  const [activeId, setActiveId] = useState(0);
  const [view, setView] = useState<View>('bot');
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [loadedChat, setLoadedChat] = useState<number>();
  const [unread, setUnread] = useState<Record<number, number>>({});
  const [startPayloads, setStartPayloads] = useState<Record<number, string>>({});
  const [replyTo, setReplyTo] = useState<ChatMessage>();
  const [calls, setCalls] = useState<ApiCall[]>([]);
  const [panelOpen, setPanelOpen] = useState(() => matchMedia('(min-width: 960px)').matches);
  const [commands, setCommands] = useState<BotCommandItem[]>([]);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<ButtonNotice>();

  const active = personas.find((p) => p.id === activeId);
  const language = active?.language ?? 'zh';
  const t = labelsFor(language);
  const chatId = setup ? (view === 'group' ? setup.group.id : activeId) : undefined;
  const chatRef = useRef(chatId);
  chatRef.current = chatId;
  const activeRef = useRef(activeId);
  activeRef.current = activeId;
  const personasRef = useRef(personas);
  personasRef.current = personas;

  // Reloads overlap when events come quickly; only the newest request's answer may be drawn, or an
  // older, slower answer would put back a chat without the latest message.
  const latestReload = useRef(0);
  const reload = useCallback(async (id: number) => {
    const request = ++latestReload.current;
    const list = await api.messages(id);
    if (request !== latestReload.current || chatRef.current !== id) return;
    setMessages(list);
    setLoadedChat(id);
  }, []);
  const loadCommands = useCallback(() => void api.commands(language).then(setCommands), [language]);

  useEffect(() => {
    void api.setup().then((loaded) => {
      setSetup(loaded);
      setPersonas(loaded.personas);
      const id = initialPersona(loaded.personas);
      setActiveId(id);
      const start = new URLSearchParams(location.search).get('start');
      if (start !== null) setStartPayloads({ [id]: start });
    });
  }, []);

  useEffect(() => {
    if (chatId === undefined) return;
    setMessages([]);
    setLoadedChat(undefined);
    setReplyTo(undefined);
    setUnread((counts) => ({ ...counts, [chatId]: 0 }));
    void reload(chatId);
  }, [chatId, reload]);

  useEffect(() => {
    if (!activeId) return;
    localStorage.setItem('yingshan.persona', String(activeId));
    document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
  }, [activeId, language]);
  useEffect(loadCommands, [loadCommands]);

  useLiveFeed(
    (event: FeedEvent) => {
      if (event.type === 'call') {
        setCalls((list) => [...list.slice(1 - MAX_CALLS), event.call]);
        if (event.call.method === 'setMyCommands') loadCommands();
        return;
      }
      if (event.type === 'personas') return setPersonas(event.personas);
      if (event.type === 'notice') {
        // Telegram shows a button's answer on the presser's screen only.
        if (event.personaId === activeRef.current) setNotice(event);
        return;
      }
      // The bot wrote to someone without a member number yet: they may just have joined.
      if (event.byBot && personasRef.current.some((p) => p.id === event.chatId && p.number === undefined))
        void api.personas().then(setPersonas);
      if (event.chatId === chatRef.current) {
        void reload(event.chatId);
      } else if (event.byBot && event.isNew) {
        setUnread((counts) => ({ ...counts, [event.chatId]: (counts[event.chatId] ?? 0) + 1 }));
      }
    },
    () => {
      if (chatRef.current !== undefined) void reload(chatRef.current);
      void api.calls().then(setCalls);
    },
  );

  if (!setup || !active || chatId === undefined) return <div class="loading">映山 Yingshan…</div>;

  const selectPersona = (id: number) => {
    setNotice(undefined);
    setActiveId(id);
    history.replaceState(null, '', `?as=${id}`);
  };
  const createPersona = async (person: NewPerson) => {
    setCreating(false);
    const persona = await api.addPersona(person.name, person.language);
    setPersonas((list) => (list.some((p) => p.id === persona.id) ? list : [...list, persona]));
    selectPersona(persona.id);
    setView('bot');
    const payload = startPayloadOf(setup.inviteLink, setup.bot.username);
    if (person.openInvite && payload !== undefined)
      setStartPayloads((payloads) => ({ ...payloads, [persona.id]: payload }));
  };
  const openLink = (url: string, event: MouseEvent) => {
    const payload = startPayloadOf(url, setup.bot.username);
    if (payload === undefined) return;
    event.preventDefault();
    setView('bot');
    setStartPayloads((payloads) => ({ ...payloads, [activeId]: payload }));
  };
  const send = async (content: OutgoingContent) => {
    await api.send(chatId, activeId, content, replyTo?.id);
    setReplyTo(undefined);
    if (content.text?.startsWith('/start')) setStartPayloads(({ [activeId]: _sent, ...rest }) => rest);
  };
  const switchLanguage = async () => {
    const persona = await api.setLanguage(activeId, language === 'en' ? 'zh' : 'en');
    setPersonas((list) => list.map((p) => (p.id === persona.id ? persona : p)));
  };

  const pendingStart =
    view === 'bot'
      ? (startPayloads[activeId] ?? (loadedChat === chatId && messages.length === 0 ? '' : undefined))
      : undefined;
  const groupUnread = unread[setup.group.id] ?? 0;

  return (
    <div class="app">
      <header class="topbar">
        <h1>{t('title')}</h1>
        <button type="button" class="language" onClick={() => void switchLanguage()}>
          {t('switchLanguage')}
        </button>
      </header>
      <PersonaBar
        personas={personas}
        activeId={activeId}
        unread={unread}
        t={t}
        onSelect={selectPersona}
        onNewPerson={() => setCreating(true)}
      />
      <main class="chat">
        <div class="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={view === 'bot'} onClick={() => setView('bot')}>
            {setup.bot.name} <small>@{setup.bot.username}</small>
          </button>
          <button type="button" role="tab" aria-selected={view === 'group'} onClick={() => setView('group')}>
            {setup.group.title}
            {groupUnread > 0 && <span class="badge">{groupUnread}</span>}
          </button>
        </div>
        <ChatView
          messages={messages}
          viewerId={activeId}
          isGroup={view === 'group'}
          isLoading={loadedChat !== chatId}
          t={t}
          onPress={(message, data) => void api.press(chatId, activeId, message.id, data)}
          onReply={setReplyTo}
          onLink={openLink}
        />
        <Composer
          t={t}
          commands={commands}
          replyTo={replyTo}
          startPayload={pendingStart}
          onCancelReply={() => setReplyTo(undefined)}
          onSend={send}
        />
      </main>
      <ApiPanel
        calls={calls}
        open={panelOpen}
        personas={personas}
        group={setup.group}
        t={t}
        onToggle={() => setPanelOpen(!panelOpen)}
      />
      {notice && <Notice notice={notice} t={t} onClose={() => setNotice(undefined)} />}
      {creating && (
        <NewPersonDialog
          language={language}
          onCreate={(person) => void createPersona(person)}
          onCancel={() => setCreating(false)}
        />
      )}
    </div>
  );
}
