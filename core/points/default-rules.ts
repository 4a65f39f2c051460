/**
 * The rules a new village starts with: the examples Youyi Village publishes in its rulebook (shared
 * seeds, 003), in both languages, and an hour of volunteering (the volunteer calls award it). The
 * secretary changes them with /pointrule; this list is only the starting point.
 */
export interface PointRuleDraft {
  code: string;
  descriptionZh: string;
  descriptionEn: string;
  points: number;
  dailyCap?: number;
  yearlyCap?: number;
}

export const DEFAULT_POINT_RULES: readonly PointRuleDraft[] = [
  {
    code: 'military-service',
    descriptionZh: '家庭成员参军入伍',
    descriptionEn: 'A family member enlisted in the army',
    points: 100,
  },
  {
    code: 'help-neighbour',
    descriptionZh: '团结邻里、互帮互助（有证明材料）',
    descriptionEn: 'Helping neighbours, with evidence',
    points: 8,
  },
  { code: 'fighting', descriptionZh: '打架斗殴', descriptionEn: 'Fighting', points: -50 },
  {
    code: 'littering',
    descriptionZh: '生活垃圾未投入垃圾桶',
    descriptionEn: 'Household waste not put in the bin',
    points: -5,
  },
  {
    code: 'suggestion-adopted',
    descriptionZh: '为乡村发展、经济建设建言献策被采纳',
    descriptionEn: 'A suggestion for the village’s development adopted',
    points: 20,
  },
  {
    code: 'key-university',
    descriptionZh: '考入重点本科',
    descriptionEn: 'Admitted to a key university',
    points: 50,
  },
  {
    code: 'volunteer-hour',
    descriptionZh: '志愿服务每小时',
    descriptionEn: 'Each hour of volunteer service',
    points: 5,
  },
];
