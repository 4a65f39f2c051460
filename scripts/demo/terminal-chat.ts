import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { BotApiEmulator, EmulatorEvent, RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import { type PersonaBook, parseNewPersona } from './personas.ts';
import { describeCall, inlineButtons, isPlumbing, type Styles, summarizeCall } from './render.ts';

export interface TerminalChatOptions {
  emulator: BotApiEmulator;
  botToken: string;
  personas: PersonaBook;
  input: NodeJS.ReadableStream;
  output: NodeJS.WriteStream;
  /** A person at a terminal: prompt, line editing, replies printed as they come. Otherwise lines are
   * read one by one, echoed, and each waits for the bot's answer (piped input, tests). */
  interactive: boolean;
  styles: Styles;
}

/** How long piped input waits for a first answer, and for the answers to stop coming. */
const FIRST_ANSWER_TIMEOUT_MS = 20_000;
const QUIET_MS = 800;
const CALLS_SHOWN = 15;

export const CHAT_HELP = [
  'Type a message (or a command such as /help) to send it as the current persona. Demo commands:',
  '  :as <persona>   switch persona, by name or number (:as 谢启富, :as 2, :as xie)',
  '  :who            list the personas',
  '  :new <name> [en|zh]   a new person (Telegram language zh by default)',
  '  :press <n>      press button n of the last bot message with buttons in this chat',
  '  :calls [all]    the last Bot API calls: method, chat, ok or 429 with retry_after',
  '  :help           this list',
  '  :quit           stop the demo (Ctrl-C and Ctrl-D too)',
  'A message that really starts with ":" is sent by typing "::".',
];

/**
 * A chat in the terminal: you type as one of several Telegram users of the emulator, and every
 * message the bot sends to any of them is printed as it happens (from the emulator's event hub).
 */
export class TerminalChat {
  private rl: Interface | undefined;
  private closed = false;
  private readonly out: NodeJS.WriteStream;
  private readonly styles: Styles;

  constructor(private readonly options: TerminalChatOptions) {
    this.out = options.output;
    this.styles = options.styles;
  }

  /** Resolves when the person quits (`:quit`, Ctrl-C, end of input) or close() is called. */
  async run(): Promise<void> {
    const { input, interactive, emulator } = this.options;
    const rl = createInterface({
      input,
      ...(interactive && { output: this.out }),
      terminal: interactive,
      historySize: 200,
    });
    this.rl = rl;
    rl.on('SIGINT', () => this.close());
    const unsubscribe = emulator.core.events.subscribe((event) => this.onEvent(event));
    this.refreshPrompt();
    if (this.closed) rl.close();
    else if (interactive) rl.prompt();
    try {
      for await (const raw of rl) {
        if (!interactive) this.print([`${this.styles.dim(`${this.persona().name} >`)} ${raw}`]);
        const line = raw.trim();
        if (line && !(await this.handle(line))) break;
        if (interactive && !this.closed) rl.prompt();
      }
      // Piped input ends at once: let the last answers (and the worker's messages) arrive first.
      if (!interactive) await this.settle(() => true, QUIET_MS, QUIET_MS, 10_000);
    } finally {
      this.closed = true;
      unsubscribe();
      rl.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.options.interactive) this.out.write('\n');
    this.rl?.close();
  }

  /** Prints above the prompt, keeping what the person is typing. */
  print(lines: string[]): void {
    if (lines.length === 0) return;
    const atPrompt = this.options.interactive && this.rl && !this.closed;
    if (atPrompt) {
      clearLine(this.out, 0);
      cursorTo(this.out, 0);
    }
    this.out.write(`${lines.join('\n')}\n`);
    if (atPrompt) this.rl?.prompt(true);
  }

  private persona() {
    return this.options.personas.current;
  }

  private refreshPrompt(): void {
    this.rl?.setPrompt(`${this.styles.accent(this.persona().name)} > `);
  }

  /** False when the chat should end. */
  private async handle(line: string): Promise<boolean> {
    if (line.startsWith('::')) {
      await this.send(line.slice(1));
      return true;
    }
    if (!line.startsWith(':')) {
      await this.send(line);
      return true;
    }
    const [command = '', ...rest] = line.slice(1).split(/\s+/);
    const args = rest.join(' ');
    switch (command.toLowerCase()) {
      case 'as':
        this.switchTo(args);
        return true;
      case 'who':
        this.listPersonas();
        return true;
      case 'new':
        this.addPersona(args);
        return true;
      case 'press':
        await this.press(args);
        return true;
      case 'calls':
        this.showCalls(args);
        return true;
      case 'help':
        this.print(CHAT_HELP);
        return true;
      case 'quit':
      case 'exit':
      case 'q':
        return false;
      default:
        this.print([`Unknown demo command ":${command}". :help lists them.`]);
        return true;
    }
  }

  private async send(text: string): Promise<void> {
    const { emulator, botToken } = this.options;
    const persona = this.persona();
    const answered = this.watchForAnswer(persona.user.id);
    try {
      emulator.sendText(persona.user, text, { bot: botToken });
    } catch (error) {
      this.print([this.styles.warn(`Could not send: ${(error as Error).message}`)]);
      return;
    }
    await answered;
  }

  private async press(args: string): Promise<void> {
    const { emulator, botToken } = this.options;
    const persona = this.persona();
    const n = Number(args.trim());
    const withButtons = emulator
      .chatMessages(persona.user.id, { bot: botToken })
      .filter((m) => m.fromBot && !m.deleted && inlineButtons(m.replyMarkup).length > 0);
    const last = withButtons.at(-1);
    if (!last) {
      this.print([`No bot message with buttons in ${persona.name}'s chat yet (try /lang).`]);
      return;
    }
    const buttons = inlineButtons(last.replyMarkup);
    const button = Number.isInteger(n) ? buttons[n - 1] : undefined;
    if (!button) {
      this.print([`Press which button? The last message with buttons has 1 to ${buttons.length}: :press 1`]);
      return;
    }
    if (!('callback_data' in button)) {
      const target = 'url' in button ? ` opens ${button.url}` : ' is not a callback button';
      this.print([`Button ${n} (${button.text})${target}; only callback buttons can be pressed here.`]);
      return;
    }
    this.print([this.styles.dim(`  (${persona.name} pressed [${button.text}])`)]);
    const answered = this.watchForAnswer(persona.user.id);
    try {
      emulator.pressButton({
        bot: botToken,
        user: persona.user,
        messageId: last.messageId,
        data: button.callback_data,
      });
    } catch (error) {
      this.print([this.styles.warn(`Could not press: ${(error as Error).message}`)]);
      return;
    }
    await answered;
  }

  private switchTo(query: string): void {
    const found = this.options.personas.find(query);
    if (!found) {
      this.print([`No persona "${query}". :who lists them; :new <name> adds one.`]);
      return;
    }
    this.options.personas.current = found;
    this.refreshPrompt();
    const { id, language_code } = found.user;
    this.print([`You are now ${found.name} (Telegram id ${id}, language ${language_code ?? '-'}).`]);
  }

  private listPersonas(): void {
    const lines = this.options.personas.list().map((p, i) => {
      const mark = p === this.persona() ? '*' : ' ';
      const aliases = p.aliases.length > 0 ? `, or :as ${p.aliases[0]}` : '';
      return ` ${mark}${i + 1}. ${p.name} (id ${p.user.id}, ${p.user.language_code}${aliases})`;
    });
    this.print(['Personas (* = you):', ...lines]);
  }

  private addPersona(args: string): void {
    const parsed = parseNewPersona(args);
    if (!parsed) {
      this.print(['Usage: :new <name> [en|zh], e.g. :new 张三']);
      return;
    }
    const existing = this.options.personas.find(parsed.name);
    if (existing) {
      this.print([`${existing.name} exists already; switching.`]);
      this.switchTo(parsed.name);
      return;
    }
    const persona = this.options.personas.add(parsed.name, parsed.language);
    this.options.personas.current = persona;
    this.refreshPrompt();
    this.print([`New person ${persona.name} (Telegram id ${persona.user.id}); you are now them.`]);
  }

  private showCalls(args: string): void {
    const { emulator, botToken, personas } = this.options;
    const all = args.trim() === 'all';
    const calls = emulator
      .calls({ bot: botToken })
      .filter((call) => all || call.method.toLowerCase() !== 'getupdates')
      .slice(-CALLS_SHOWN);
    if (calls.length === 0) {
      this.print(['No Bot API calls yet.']);
      return;
    }
    const lines = calls.map((call) => `  ${summarizeCall(call, personas.nameOfChat(call.chatId))}`);
    const note = all ? '' : ' (getUpdates left out; :calls all shows them)';
    this.print([`The last ${calls.length} Bot API calls${note}:`, ...lines]);
  }

  private onEvent(event: EmulatorEvent): void {
    if (event.type !== 'call' || event.call.token !== this.options.botToken) return;
    const call = event.call;
    const name = this.options.personas.nameOfChat(call.chatId);
    const lines = describeCall(call, name, this.styles);
    const code = call.ok ? inviteCodeIn(call) : undefined;
    if (code) {
      const villager = this.options.personas.list().find((p) => p.user.id !== call.chatId);
      const who = villager ? `:as ${villager.name}` : ':new <name>';
      lines.push(this.styles.dim(`  Tip: open this link as a villager: ${who}, then /start join_${code}`));
    }
    this.print(lines);
  }

  /** In piped mode, waits until the bot has answered in this chat and gone quiet. */
  private watchForAnswer(chatId: number): Promise<void> {
    if (this.options.interactive) return Promise.resolve();
    return this.settle(
      (call) => call.chatId === chatId,
      FIRST_ANSWER_TIMEOUT_MS,
      QUIET_MS,
      FIRST_ANSWER_TIMEOUT_MS * 3,
    ).then((answered) => {
      if (!answered) this.print([this.styles.dim('  (no answer from the bot yet)')]);
    });
  }

  /**
   * Resolves true once a call matching `isAnswer` was made and then no call came for `quietMs`
   * (longer after a 429, whose retry is still to come); false if none came within `firstTimeoutMs`.
   */
  private settle(
    isAnswer: (call: RecordedCall) => boolean,
    firstTimeoutMs: number,
    quietMs: number,
    maxMs: number,
  ): Promise<boolean> {
    const { emulator, botToken } = this.options;
    return new Promise((resolve) => {
      let answered = false;
      let timer = setTimeout(() => finish(), firstTimeoutMs);
      const cap = setTimeout(() => finish(), maxMs);
      const unsubscribe = emulator.core.events.subscribe((event) => {
        if (event.type !== 'call' || event.call.token !== botToken) return;
        const call = event.call;
        if (call.method.toLowerCase() === 'getupdates') return;
        if (!answered && !isAnswer(call)) return;
        answered = true;
        clearTimeout(timer);
        const retryWait = call.errorCode === 429 ? (call.retryAfter ?? 1) * 1000 : 0;
        timer = setTimeout(() => finish(), quietMs + retryWait);
      });
      function finish() {
        clearTimeout(timer);
        clearTimeout(cap);
        unsubscribe();
        resolve(answered);
      }
    });
  }
}

function inviteCodeIn(call: RecordedCall): string | undefined {
  if (isPlumbing(call)) return undefined;
  const text = typeof call.params.text === 'string' ? call.params.text : '';
  return /\?start=join_([A-Za-z0-9]+)/.exec(text)?.[1];
}
