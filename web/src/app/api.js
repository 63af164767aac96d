// The page's only way to the data: the public GraphQL API at /graphql.
import { authHeaders } from './auth.js';

export class APIError extends Error {
  constructor(message, code, field) {
    super(message);
    this.code = code;
    // field is the input field a validation error names
    // (extensions.field, e.g. "input.at"), or "".
    this.field = field || '';
  }
}

// newIdempotencyKey makes a key for one user action (one form submission):
// send it with every attempt of that action, a new one for the next action.
export function newIdempotencyKey() {
  return crypto.randomUUID();
}

// gql posts a query or mutation. A mutation sent with { idempotencyKey }
// (the Idempotency-Key header) may be sent again after a failure or a
// double click: the server writes it once and answers the first answer.
export async function gql(query, variables, { idempotencyKey } = {}) {
  let res;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...authHeaders() };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new APIError(String(err && err.message ? err.message : err), 'NETWORK');
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new APIError(`HTTP ${res.status}`, 'HTTP');
  }
  if (res.status === 401 && (!body.errors || !body.errors.length)) throw new APIError(`HTTP ${res.status}`, 'UNAUTHENTICATED');
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    throw new APIError(e.message, e.extensions && e.extensions.code, e.extensions && e.extensions.field);
  }
  return body.data;
}

const N = `fragment N on Node { id __typename
  ... on Person { name nameEn pinyin isCadre }
  ... on Unit { name nameEn unitKind: kind }
  ... on Region { name nameEn level }
  ... on Company { name nameEn industry }
  ... on Project { name nameEn projectKind: kind status } }`;

const REL = `id type start { id } end { id } from to current title batch amount how note dispatchingUnit { id name nameEn }`;

export function search(query, first = 8, kinds = null) {
  return gql(`query Search($q: String!, $first: Int, $kinds: [EntityKind!]) { search(query: $q, first: $first, kinds: $kinds) { score matched node { ...N } } } ${N}`,
    { q: query, first, kinds: kinds && kinds.length ? kinds : null })
    // The graph opens entities; contributions found by title are the API's
    // (and 我的履职's), not nodes of the graph.
    .then((d) => d.search.filter((h) => h.node.__typename !== 'Contribution'));
}

export function neighborhood(id, { first = 25, skip = 0, types = null, at = null } = {}) {
  return gql(`query Nb($id: ID!, $first: Int, $skip: Int, $types: [RelationshipType!], $at: Date) {
    neighborhood(id: $id, depth: 1, first: $first, skip: $skip, relationshipTypes: $types, at: $at) {
      nodes { ...N } relationships { ${REL} } more degrees { id degree } } } ${N}`,
  { id, first, skip, types: types && types.length ? types : null, at: at || null }).then((d) => d.neighborhood);
}

export function paths(from, to, { maxHops = 4, first = 5, types = null, at = null, orderBy = 'STRENGTH' } = {}) {
  return gql(`query Paths($from: ID!, $to: ID!, $maxHops: Int, $first: Int, $types: [RelationshipType!], $at: Date, $orderBy: PathOrder) {
    paths(from: $from, to: $to, maxHops: $maxHops, first: $first, relationshipTypes: $types, at: $at, orderBy: $orderBy) {
      length strength explanation explanationEn nodes { ...N }
      relationships { id type direction start { id } end { id } from to title batch amount how note strength dispatchingUnit { id name nameEn } } } } ${N}`,
  { from, to, maxHops, first, types: types && types.length ? types : null, at: at || null, orderBy }).then((d) => d.paths);
}

const ref = 'id name nameEn';
const conn = (field, args, body) => `${field}(${args}) { totalCount edges { node { ${body} } } }`;

const DETAILS = `query Details($id: ID!) { node(id: $id) { ...N
  ... on Person { gender birthYear expertise bio discoverable
    ${conn('postings', 'first: 20', `id hostUnit { ${ref} } dispatchingUnit { ${ref} } title batch from to current`)}
    ${conn('memberships', 'first: 20', `id unit { ${ref} } title from to current`)}
    ${conn('employments', 'first: 20', `id company { ${ref} } title from to current`)}
    ${conn('projects', 'first: 20', `id project { ${ref} } role date`)}
    ${conn('acquaintances', 'first: 20', `id person { ${ref} } since to current how`)}
    ${conn('locations', 'first: 10', `id region { ${ref} } from to current`)} }
  ... on Unit { shortName description parent { ${ref} } region { ${ref} }
    ${conn('dispatchedCadres', 'first: 20', `id person { ${ref} } hostUnit { ${ref} } title batch from to current`)}
    ${conn('hostedCadres', 'first: 20', `id person { ${ref} } dispatchingUnit { ${ref} } title batch from to current`)}
    ${conn('members', 'first: 20', `id person { ${ref} } title from to current`)}
    ${conn('subUnits', 'first: 20', ref)}
    ${conn('supports', 'first: 20', `id project { ${ref} } date note`)} }
  ... on Region { code parent { ${ref} }
    ${conn('subRegions', 'first: 20', ref)}
    ${conn('units', 'first: 20', ref)}
    ${conn('companies', 'first: 20', ref)}
    ${conn('projects', 'first: 20', ref)} }
  ... on Company { creditCode description parent { ${ref} } region { ${ref} }
    ${conn('employees', 'first: 20', `id person { ${ref} } title from to current`)}
    ${conn('subsidiaries', 'first: 20', ref)}
    ${conn('investments', 'first: 20', `id project { ${ref} } amount date`)} }
  ... on Project { amount startDate endDate description region { ${ref} }
    ${conn('people', 'first: 20', `id person { ${ref} } role date`)}
    ${conn('investors', 'first: 20', `id company { ${ref} } amount date`)}
    ${conn('supporters', 'first: 20', `id unit { ${ref} } date note`)} }
} } ${N}`;

export function details(id) {
  return gql(DETAILS, { id }).then((d) => d.node);
}

// personNetwork reads a person's network; cohort and reconnect
// suggestions only when network is true (the role may read them for this
// person), so that the rest still shows.
export function personNetwork(id, { network = true } = {}) {
  return gql(`query Network($id: ID!) {
    ${network ? `cohort(person: $id, first: 20) { totalCount edges { node { person { ${ref} } sameHostUnit hostUnit { ${ref} } region { ${ref} }
      overlapFrom overlapTo overlapDays currentPost { type title end { ...N } } } } }
    reconnectSuggestions(person: $id, first: 10) { person { ${ref} } lastContact daysSince score reason reasonEn tie { strength } }` : ''}
    node(id: $id) { ... on Person {
      interactions(first: 20) { totalCount edges { node { id at kind summary participants { ${ref} } about { ...N } } } }
      ties(first: 10) { totalCount edges { node { person { ${ref} } strength since lastContact interactionCount } } } } } } ${N}`,
  { id });
}

export function unitReport(id) {
  return gql(`query UnitReport($id: ID!) { node(id: $id) { ... on Unit { id name nameEn
    ${conn('dispatchedCadres', 'first: 100', `id person { ${ref} } hostUnit { ${ref} } title batch from to current`)} } } }`,
  { id }).then((d) => d.node);
}

// fetchFile gets a file (a report) with the page's credentials.
export async function fetchFile(url) {
  const res = await fetch(url, { headers: { ...authHeaders() } });
  if (!res.ok) {
    let msg = `HTTP ${res.status}`;
    try { const b = await res.json(); if (b.errors && b.errors[0]) msg = b.errors[0].message; } catch { /* not JSON */ }
    throw new APIError(msg, res.status === 401 ? 'UNAUTHENTICATED' : 'HTTP' + res.status);
  }
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(cd);
  const filename = m ? decodeURIComponent(m[1] || m[2]) : '';
  return { blob: await res.blob(), filename, type: res.headers.get('Content-Type') || '' };
}

// ---------- keeping in touch (issue 12) ----------

export function me() {
  return gql(`query Me { me { subject role unitId permissions { action scope }
    person { id name nameEn pinyin isCadre discoverable phone email wechat expertise bio reconnectAfterDays } } }`).then((d) => d.me);
}

const POSTING = `id person { ${ref} } hostUnit { ${ref} } title from to`;

export function home(id) {
  return gql(`query Home($id: ID!) {
    reconnectSuggestions(person: $id, first: 10) { person { ${ref} pinyin } lastContact daysSince reason reasonEn tie { strength } }
    reminders(person: $id, days: 60, first: 20) { days leaving { ${POSTING} } arrivals { ${POSTING} } }
    node(id: $id) { ... on Person { interactions(first: 20) { totalCount edges { node { id at kind summary participants { ${ref} } about { ...N } } } } } } } ${N}`,
  { id });
}

// ties returns {personId: strength} of the person's strongest 100 ties.
export function tieStrengths(id) {
  return gql(`query Ties($id: ID!) { node(id: $id) { ... on Person { ties(first: 100) { edges { node { person { id } strength } } } } } }`, { id })
    .then((d) => Object.fromEntries(((d.node && d.node.ties && d.node.ties.edges) || []).map(({ node: x }) => [x.person.id, x.strength])));
}

export function logInteraction(input, idempotencyKey) {
  return gql(`mutation Log($in: LogInteractionInput!) { logInteraction(input: $in) { id at kind summary participants { ${ref} } } }`,
    { in: input }, { idempotencyKey }).then((d) => d.logInteraction);
}

export function addAcquaintance(input, idempotencyKey) {
  return gql(`mutation Know($in: AddAcquaintanceInput!) { addAcquaintance(input: $in) { id since how person { ${ref} } } }`,
    { in: input }, { idempotencyKey }).then((d) => d.addAcquaintance);
}

export function endRelationship(id, to, idempotencyKey) {
  return gql('mutation End($id: ID!, $to: Date!) { endRelationship(id: $id, to: $to) { id to } }', { id, to }, { idempotencyKey })
    .then((d) => d.endRelationship);
}

export function updateProfile(id, input, idempotencyKey) {
  return gql(`mutation Profile($id: ID!, $in: UpdatePersonInput!) { updatePerson(id: $id, input: $in) {
    id name discoverable phone email wechat expertise bio reconnectAfterDays } }`, { id, in: input }, { idempotencyKey }).then((d) => d.updatePerson);
}

export function rotateCalendarFeed(person, idempotencyKey) {
  return gql('mutation Feed($p: ID!) { rotateCalendarFeed(person: $p) { path } }', { p: person }, { idempotencyKey }).then((d) => d.rotateCalendarFeed);
}

// myAcquaintances lists the person's current acquaintances (id of the
// relationship and the other person).
export function acquaintances(id) {
  return gql(`query Acq($id: ID!) { node(id: $id) { ... on Person { acquaintances(current: true, first: 100) { edges { node { id since how person { ${ref} } } } } } } }`, { id })
    .then((d) => ((d.node && d.node.acquaintances && d.node.acquaintances.edges) || []).map((x) => x.node));
}
