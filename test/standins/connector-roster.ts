// The connector stand-in's roster: seeded members, and which conversation holds whom in which tenant.

export interface ConnectorMember {
  /** Teams user id, "29:..." */
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
  tenantId: string;
  givenName?: string;
  surname?: string;
}

export class ConnectorRoster {
  private readonly members = new Map<string, ConnectorMember>();
  private readonly conversations = new Map<string, { tenantId?: string; memberIds: string[] }>();

  addMember(member: ConnectorMember): void {
    this.members.set(member.id, member);
  }

  setConversation(conversationId: string, tenantId: string | undefined, memberIds: string[]): void {
    this.conversations.set(conversationId, { tenantId, memberIds });
  }

  /** The conversation's known tenant; learns it from `seen` (an activity's tenant) when unknown. */
  tenantOf(conversationId: string | undefined, seen: string | undefined): string | undefined {
    if (conversationId === undefined) return seen;
    const known = this.conversations.get(conversationId);
    if (known?.tenantId) return known.tenantId;
    if (seen) this.conversations.set(conversationId, { tenantId: seen, memberIds: known?.memberIds ?? [] });
    return seen;
  }

  /** By Teams id or Entra object id, within the tenant when one is known. */
  findMember(memberId: string, tenantId: string): ConnectorMember | undefined {
    const member = this.members.get(memberId) ?? [...this.members.values()].find((m) => m.aadObjectId === memberId);
    if (member && tenantId && member.tenantId !== tenantId) return undefined;
    return member;
  }

  /** The conversation's members when declared, else every member of the tenant. */
  membersOf(conversationId: string, tenantId: string): ConnectorMember[] {
    const ids = this.conversations.get(conversationId)?.memberIds ?? [];
    if (ids.length > 0) return ids.flatMap((id) => this.findMember(id, tenantId) ?? []);
    return [...this.members.values()].filter((m) => !tenantId || m.tenantId === tenantId);
  }
}

/** A TeamsChannelAccount as GET /v3/conversations/{id}/members/{memberId} returns it. */
export function teamsChannelAccount(m: ConnectorMember): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    aadObjectId: m.aadObjectId,
    email: m.email,
    userPrincipalName: m.userPrincipalName ?? m.email,
    givenName: m.givenName,
    surname: m.surname,
    tenantId: m.tenantId,
    userRole: 'user',
  };
}
