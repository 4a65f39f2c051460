import { Composer } from 'grammy';
import type { BotContext } from '../../context.ts';
import { talkDiscussFeature } from './discuss.ts';
import { talkEvaluateFeature } from './evaluate.ts';
import { talkFloodFeature } from './flood.ts';
import { talkGroupFeature } from './group.ts';
import { talkHandleFeature } from './handle.ts';
import { talkInputsFeature } from './inputs.ts';
import { talkSpeakFeature } from './speak.ts';
import { talkTasksFeature } from './tasks.ts';

export { talkCancelFeature } from './inputs.ts';

/**
 * Villagers Talk, in the order that matters: flood control first; answers to the bot's questions
 * before new drafts; commands and photos captioned /progress before a photo becomes a draft.
 */
export const talkFeature = new Composer<BotContext>();
talkFeature.use(talkFloodFeature);
talkFeature.use(talkGroupFeature);
talkFeature.use(talkInputsFeature);
talkFeature.use(talkTasksFeature);
talkFeature.use(talkHandleFeature);
talkFeature.use(talkEvaluateFeature);
talkFeature.use(talkDiscussFeature);
talkFeature.use(talkSpeakFeature);
