/** The fields a member's public name is made from; select them with MEMBER_NAME_SELECT. */
export const MEMBER_NAME_SELECT = { select: { realName: true, number: true } } as const;

/** How a member is named on posts and timelines: their real name, or "#<number>" before they gave one. */
export function displayName(member: { realName: string | null; number: number }): string {
  return member.realName ?? `#${member.number}`;
}
