/**
 * `/award 3 help-neighbour 帮谢家收稻谷`, `/award 3,5,7 volunteer-hour`, `/award 3 5 7-9 clean-up`:
 * member numbers first (spaces or commas between them, a range a-b for a row of numbers), then the
 * rule's code, then an optional note. Pure; undefined when it cannot be read.
 */
export interface AwardCommand {
  memberNumbers: number[];
  ruleCode: string;
  note: string;
}

const MAX_RANGE = 100;

export function parseAwardCommand(text: string): AwardCommand | undefined {
  const tokens = text
    .trim()
    .split(/[\s,，、]+/)
    .filter(Boolean);
  const memberNumbers: number[] = [];
  let i = 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const single = /^#?(\d{1,6})$/.exec(token);
    const range = /^(\d{1,6})-(\d{1,6})$/.exec(token);
    if (single) memberNumbers.push(Number(single[1]));
    else if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from >= MAX_RANGE) return undefined;
      for (let n = from; n <= to; n++) memberNumbers.push(n);
    } else break;
  }
  const ruleCode = tokens[i]?.toLowerCase();
  if (memberNumbers.length === 0 || !ruleCode || !/^[a-z0-9-]+$/.test(ruleCode)) return undefined;
  if (memberNumbers.some((n) => n <= 0)) return undefined;
  // The note keeps its own spacing: cut the original text after the code.
  const afterCode = text.slice(text.toLowerCase().indexOf(ruleCode, 0) + ruleCode.length);
  return { memberNumbers, ruleCode, note: afterCode.trim() };
}
