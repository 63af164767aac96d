// Colours and icons of each kind of entity, and of relationship types.

export const kindColor = {
  Person: '#c0392b',
  Unit: '#2f6db5',
  Region: '#2e8b57',
  Company: '#d9822b',
  Project: '#7d4fb0',
};

export const relColor = {
  POSTED_TO: '#b03a2e',
  MEMBER_OF: '#2f6db5',
  EMPLOYED_BY: '#d9822b',
  LOCATED_IN: '#6b8e6b',
  SECURED: '#7d4fb0',
  INTRODUCED: '#9b59b6',
  INVESTS_IN: '#c27c0e',
  SUPPORTS: '#5d6d7e',
  KNOWS: '#e74c3c',
  PART_OF: '#7f8c8d',
};

// White glyphs on the kind's colour (24×24).
const glyph = {
  Person: '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z"/>',
  Unit: '<path d="M3 21V9l9-5 9 5v12h-6v-6H9v6z"/>',
  Region: '<path d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z"/>',
  Company: '<path d="M3 21V10l5 3V10l5 3V4h8v17z"/>',
  Project: '<path d="M5 21V3h2v1h12l-3 5 3 5H7v7z"/>',
};

export function iconURI(kind, color = '#ffffff') {
  const g = glyph[kind] || glyph.Project;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="${color}">${g}</svg>`;
  return 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
}

// iconHTML is the same glyph for the page's lists and legend.
export function iconHTML(kind) {
  const g = glyph[kind] || glyph.Project;
  return `<svg class="kind-icon" aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="currentColor" style="color:${kindColor[kind] || '#555'}">${g}</svg>`;
}

export const kindOrder = ['Person', 'Unit', 'Region', 'Company', 'Project'];
