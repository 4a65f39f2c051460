import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import {
  type CapChange,
  type DescriptionChange,
  parseCapToken,
  parseDescription,
  parseRuleCode,
  parseRulePoints,
} from './point-rule-values.ts';

/**
 * What the secretary typed after /pointrule, checked:
 *   add <code> <points> [daily=N] [yearly=N] <description>
 *   edit <code> <points> [daily=N|none] [yearly=N|none] [description]
 *   retire <code>
 * Caps come right after the points. Chinese verbs (添加, 修改, 停用) work too.
 */
export type PointRuleCommand =
  | { action: 'add'; code: string; points: number; caps: CapChange; description: DescriptionChange }
  | {
      action: 'edit';
      code: string;
      points: number;
      caps: CapChange;
      description: DescriptionChange | undefined;
    }
  | { action: 'retire'; code: string };

const ACTIONS: Record<string, PointRuleCommand['action']> = {
  add: 'add',
  添加: 'add',
  新增: 'add',
  edit: 'edit',
  修改: 'edit',
  retire: 'retire',
  停用: 'retire',
  废止: 'retire',
};

export function parsePointRuleCommand(text: string): PointRuleCommand {
  const [verb = '', ...words] = text.trim().split(/\s+/);
  const action = ACTIONS[verb.toLowerCase()];
  if (!action) throw new DomainError('point-rule-usage');
  const [rawCode, rawPoints, ...rest] = words;
  if (rawCode === undefined) throw new DomainError('point-rule-usage');
  const code = parseRuleCode(rawCode);
  if (action === 'retire') {
    if (words.length !== 1) throw new DomainError('point-rule-usage');
    return { action, code };
  }
  if (rawPoints === undefined) throw new DomainError('point-rule-usage');
  const points = parseRulePoints(rawPoints);
  const caps: CapChange = {};
  while (rest.length > 0) {
    const cap = parseCapToken(rest[0] as string);
    if (!cap) break;
    if (cap.kind in caps) throw new DomainError('point-rule-cap-invalid', { cap: rest[0] as string });
    caps[cap.kind] = cap.value;
    rest.shift();
  }
  const description = rest.length > 0 ? parseDescription(rest.join(' ')) : undefined;
  if (action === 'add') {
    if (!description) throw new DomainError('point-rule-description-invalid');
    return { action, code, points, caps, description };
  }
  return { action, code, points, caps, description };
}

/** The secretary's refusal of a villager comes before any remark on how the command was typed. */
export function parsePointRuleCommandAs(actor: Membership | undefined, text: string): PointRuleCommand {
  requireAllowed(actor, 'points.rules');
  return parsePointRuleCommand(text);
}
