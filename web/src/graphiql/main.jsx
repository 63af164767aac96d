// GraphiQL served by Liaison itself at /graphiql: bundled from the npm
// packages, so nothing is loaded from a CDN. It sends the same token as
// the explorer page (in demo mode, the demo token of the role picked
// there) unless the Headers pane names another.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { initAuth, authHeaders } from '../app/auth.js';

const defaultQuery = `# Liaison GraphQL API. Ctrl-Enter runs the query; the Docs pane lists every type.
{
  search(query: "zs", kinds: [PERSON], first: 3) {
    score
    matched
    node { id ... on Person { name pinyin isCadre } }
  }
}
`;

async function fetcher(params, opts) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      ...authHeaders(),
      ...(opts && opts.headers),
    },
    body: JSON.stringify(params),
  });
  return res.json();
}

initAuth().then(() => {
  createRoot(document.getElementById('graphiql')).render(
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} shouldPersistHeaders={false} />,
  );
});
