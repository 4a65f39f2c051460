/** An error answered to the bot exactly as Telegram answers it: `{ ok: false, error_code, description }`. */
export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = 'ApiError';
  }
}

export const badRequest = (reason: string): ApiError => new ApiError(400, `Bad Request: ${reason}`);
export const forbidden = (reason: string): ApiError => new ApiError(403, `Forbidden: ${reason}`);
export const notFound = (): ApiError => new ApiError(404, 'Not Found');
export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized');
export const conflict = (reason: string): ApiError => new ApiError(409, `Conflict: ${reason}`);
export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** The exact texts the bot has to recognise; tests compare against these. */
export const ERRORS = {
  chatNotFound: 'chat not found',
  chatIdEmpty: 'chat_id is empty',
  textEmpty: 'message text is empty',
  textTooLong: 'message is too long',
  captionTooLong: 'message caption is too long',
  buttonDataInvalid: 'BUTTON_DATA_INVALID',
  notModified:
    'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  editNotFound: 'message to edit not found',
  deleteNotFound: 'message to delete not found',
  cantBeEdited: "message can't be edited",
  noTextToEdit: 'there is no text in the message to edit',
  replyNotFound: 'message to be replied not found',
  queryInvalid: 'query is too old and response timeout expired or query ID is invalid',
  messageIdMissing: 'message identifier is not specified',
  webhookActive:
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  otherGetUpdates: 'terminated by other getUpdates request; make sure that only one bot instance is running',
  blocked: 'bot was blocked by the user',
  upgraded: 'group chat was upgraded to a supergroup chat',
  deactivated: 'user is deactivated',
  wrongFile: 'wrong file identifier/HTTP URL specified',
} as const;
