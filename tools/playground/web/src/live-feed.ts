import { useEffect, useRef } from 'preact/hooks';
import type { FeedEvent } from '../../shared/wire.ts';

/**
 * The server's event stream. The handler may change on every render; the stream stays open.
 * `onOpen` runs on every (re)connection, so the page can reload what it may have missed.
 */
export function useLiveFeed(onEvent: (event: FeedEvent) => void, onOpen: () => void): void {
  const handlers = useRef({ onEvent, onOpen });
  handlers.current = { onEvent, onOpen };
  useEffect(() => {
    const source = new EventSource('/api/events');
    const dispatch = (message: MessageEvent<string>) =>
      handlers.current.onEvent(JSON.parse(message.data) as FeedEvent);
    for (const type of ['chat', 'call', 'personas', 'notice']) source.addEventListener(type, dispatch);
    source.addEventListener('ready', () => handlers.current.onOpen());
    return () => source.close();
  }, []);
}
