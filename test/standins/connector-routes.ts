// Maps Bot Connector REST API v3 requests (as botframework-connector's ConnectorClient sends them)
// to operations. The service URL may carry a path prefix (Teams uses e.g. /amer/ or /teams/), so
// matching starts at "/v3/".

export type ConnectorOperation =
  | { op: 'createConversation' }
  | { op: 'send'; conversationId: string }
  | { op: 'reply'; conversationId: string; activityId: string }
  | { op: 'update'; conversationId: string; activityId: string }
  | { op: 'delete'; conversationId: string; activityId: string }
  | { op: 'getMember'; conversationId: string; memberId: string }
  | { op: 'getMembers'; conversationId: string }
  | { op: 'getPagedMembers'; conversationId: string };

export function routeConnectorRequest(method: string, url: string): ConnectorOperation | undefined {
  const pathname = url.split('?', 1)[0] ?? '';
  const at = pathname.indexOf('/v3/conversations');
  if (at < 0) return undefined;
  const segments = pathname
    .slice(at + '/v3/conversations'.length)
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  const [conversationId, collection, itemId, extra] = segments;
  if (segments.length === 0) return method === 'POST' ? { op: 'createConversation' } : undefined;
  if (!conversationId || extra !== undefined) return undefined;
  if (collection === 'activities') {
    if (itemId === undefined) return method === 'POST' ? { op: 'send', conversationId } : undefined;
    if (method === 'POST') return { op: 'reply', conversationId, activityId: itemId };
    if (method === 'PUT') return { op: 'update', conversationId, activityId: itemId };
    if (method === 'DELETE') return { op: 'delete', conversationId, activityId: itemId };
    return undefined;
  }
  if (collection === 'members' && method === 'GET') {
    return itemId === undefined ? { op: 'getMembers', conversationId } : { op: 'getMember', conversationId, memberId: itemId };
  }
  if (collection === 'pagedmembers' && itemId === undefined && method === 'GET') return { op: 'getPagedMembers', conversationId };
  return undefined;
}

/** The Bot Connector's error body: { error: { code, message } }. */
export function connectorError(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
