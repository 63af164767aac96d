// GraphiQL served by Liaison itself at /graphiql: bundled from the npm
// packages, so nothing is loaded from a CDN. It sends the same token as
// the explorer page (in demo mode, the demo token of the role picked
// there) unless the Headers pane names another. The toolbar's "导出 /
// Export" posts the document and variables in the editors to /export and
// downloads the connection of its answer as CSV.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { useEditorContext, ToolbarButton } from '@graphiql/react';
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

// parseJSON reads the JSON object of an editor pane ({} when empty).
function parseJSON(editor, pane) {
  const raw = editor ? editor.getValue() : '';
  if (!raw || !raw.trim()) return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`${pane}: not JSON`);
  }
}

// ExportButton exports the connection in the answer of the current
// document through POST /export, with the same token and headers as the
// queries; the server's message shows beside the button.
function ExportButton() {
  const { queryEditor, variableEditor, headerEditor } = useEditorContext({ nonNull: true });
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);
  async function run() {
    setMsg('');
    setBusy(true);
    try {
      const variables = parseJSON(variableEditor, 'Variables');
      const headers = parseJSON(headerEditor, 'Headers');
      const res = await fetch('/export?format=csv', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authHeaders(), ...headers },
        body: JSON.stringify({ query: queryEditor ? queryEditor.getValue() : '', variables, operationName: queryEditor && queryEditor.operationName || undefined }),
      });
      if (!res.ok) {
        let m = `HTTP ${res.status}`;
        try { const b = await res.json(); if (b.errors && b.errors[0]) m = `${b.errors[0].extensions?.code || ''} ${b.errors[0].message}`.trim(); } catch { /* not JSON */ }
        throw new Error(m);
      }
      const cd = res.headers.get('Content-Disposition') || '';
      const m = /filename="?([^";]+)"?/i.exec(cd);
      const url = URL.createObjectURL(await res.blob());
      setTimeout(() => URL.revokeObjectURL(url), 120000);
      const a = document.createElement('a');
      a.href = url;
      a.download = m ? m[1] : 'export.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (err) {
      setMsg(err.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <ToolbarButton label="导出 / Export: the list in the answer, every page, as CSV" onClick={run} disabled={busy}
        className="liaison-export" style={{ width: 'auto', padding: '0 6px', fontSize: '12px' }}>
        导出 / Export
      </ToolbarButton>
      {msg ? <div role="alert" className="liaison-export-error" style={{ fontSize: '12px', color: '#b00020', maxWidth: '10rem' }}>{msg}</div> : null}
    </>
  );
}

initAuth().then(() => {
  createRoot(document.getElementById('graphiql')).render(
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} shouldPersistHeaders={false} toolbar={{ additionalContent: <ExportButton /> }} />,
  );
});
