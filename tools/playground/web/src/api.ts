import type {
  ApiCall,
  BotCommandItem,
  ChatMessage,
  OutgoingContent,
  Persona,
  PersonaLanguage,
  Setup,
} from '../../shared/wire.ts';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`/api${path}`, {
    ...init,
    headers: init?.body ? { 'content-type': 'application/json' } : undefined,
  });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status}`);
  return body;
}

const post = <T>(path: string, body: unknown, method = 'POST') =>
  call<T>(path, { method, body: JSON.stringify(body) });

/** The page's calls to its server, which turns them into emulator reads and injected updates. */
export const api = {
  setup: () => call<Setup>('/setup'),
  messages: (chatId: number) =>
    call<{ messages: ChatMessage[] }>(`/chats/${chatId}/messages`).then((r) => r.messages),
  send: (chatId: number, personaId: number, content: OutgoingContent, replyToMessageId?: number) =>
    post<{ updateId: number }>(`/chats/${chatId}/messages`, { personaId, content, replyToMessageId }),
  press: (chatId: number, personaId: number, messageId: number, data: string) =>
    post<{ updateId: number }>(`/chats/${chatId}/buttons`, { personaId, messageId, data }),
  commands: (language: PersonaLanguage) =>
    call<{ commands: BotCommandItem[] }>(`/commands?language=${language}`).then((r) => r.commands),
  calls: () => call<{ calls: ApiCall[] }>('/calls').then((r) => r.calls),
  personas: () => call<{ personas: Persona[] }>('/personas').then((r) => r.personas),
  addPersona: (name: string, language: PersonaLanguage) =>
    post<{ persona: Persona }>('/personas', { name, language }).then((r) => r.persona),
  setLanguage: (id: number, language: PersonaLanguage) =>
    post<{ persona: Persona }>(`/personas/${id}/language`, { language }, 'PUT').then((r) => r.persona),
  fileUrl: (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`,
};
