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

// LISTS are the lists of each kind of entity the details panel shows
// (first: 20 of each), and what a row of each holds; the same selection is
// what "导出 / Export" puts in the columns of the spreadsheet.
const LISTS = {
  Person: {
    postings: `id hostUnit { ${ref} } dispatchingUnit { ${ref} } title batch from to current`,
    memberships: `id unit { ${ref} } title from to current`,
    employments: `id company { ${ref} } title from to current`,
    projects: `id project { ${ref} } role date`,
    acquaintances: `id person { ${ref} } since to current how`,
    locations: `id region { ${ref} } from to current`,
  },
  Unit: {
    dispatchedCadres: `id person { ${ref} } hostUnit { ${ref} } title batch from to current`,
    hostedCadres: `id person { ${ref} } dispatchingUnit { ${ref} } title batch from to current`,
    members: `id person { ${ref} } title from to current`,
    subUnits: ref,
    supports: `id project { ${ref} } date note`,
  },
  Region: { subRegions: ref, units: ref, companies: ref, projects: ref },
  Company: {
    employees: `id person { ${ref} } title from to current`,
    subsidiaries: ref,
    investments: `id project { ${ref} } amount date`,
  },
  Project: {
    people: `id person { ${ref} } role date`,
    investors: `id company { ${ref} } amount date`,
    supporters: `id unit { ${ref} } date note`,
  },
};

// The lists of a person's network panel that are connections, as exported.
const NETWORK_LISTS = {
  ties: `person { ${ref} } strength since lastContact interactionCount`,
  interactions: `id at kind summary participants { ${ref} }`,
};

const lists = (kind) => Object.entries(LISTS[kind]).map(([f, body]) => conn(f, f === 'locations' ? 'first: 10' : 'first: 20', body)).join('\n    ');

const DETAILS = `query Details($id: ID!) { node(id: $id) { ...N
  ... on Person { gender birthYear expertise bio discoverable
    ${lists('Person')} }
  ... on Unit { shortName description parent { ${ref} } region { ${ref} }
    ${lists('Unit')} }
  ... on Region { code parent { ${ref} }
    ${lists('Region')} }
  ... on Company { creditCode description parent { ${ref} } region { ${ref} }
    ${lists('Company')} }
  ... on Project { amount startDate endDate description region { ${ref} }
    ${lists('Project')} }
} } ${N}`;

// listExport is the GraphQL request that exports the whole list field of
// the entity id (of kind), 100 rows a page: a list of the details panel,
// a person's ties and interactions, or (field cohort) their cohort.
export function listExport(kind, field, id) {
  if (field === 'cohort') {
    return { query: `query Export($id: ID!) { cohort(person: $id, first: 100) { edges { node { person { ${ref} } sameHostUnit
      hostUnit { ${ref} } region { ${ref} } overlapFrom overlapTo overlapDays } } } }`, variables: { id } };
  }
  const body = (LISTS[kind] && LISTS[kind][field]) || (kind === 'Person' && NETWORK_LISTS[field]);
  if (!body) return null;
  return { query: `query Export($id: ID!) { node(id: $id) { ... on ${kind} { ${field}(first: 100) { edges { node { ${body} } } } } } }`, variables: { id } };
}

// exportFile posts a GraphQL request to /export and answers the file
// (CSV by default) with its name.
export async function exportFile({ query, variables }, format = 'csv') {
  let res;
  try {
    res = await fetch('/export?format=' + encodeURIComponent(format), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new APIError(String(err && err.message ? err.message : err), 'NETWORK');
  }
  return fileOf(res);
}

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
  return fileOf(await fetch(url, { headers: { ...authHeaders() } }));
}

// fileOf reads a file answer, or throws its error.
async function fileOf(res) {
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
