/** How long getUpdates may hold a request open waiting for updates (Telegram's long polling). */
export const LONG_POLL_SECONDS = 25;

/**
 * Every Bot API request, in the bot and in the worker, fails after this long rather than holding
 * an update's transaction or a job forever. grammY applies one timeout to every method, so it must
 * exceed the long poll: an empty getUpdates answers after LONG_POLL_SECONDS and must not be cut off.
 */
export const TELEGRAM_TIMEOUT_SECONDS = LONG_POLL_SECONDS + 5;

/**
 * Start-up decoration (command menus, descriptions) gets one short try: the bot works without it.
 */
export const DECORATION_TIMEOUT_SECONDS = 10;
