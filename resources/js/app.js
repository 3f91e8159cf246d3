/*
 * Browser entry: Alpine (menus, the phone drawer), the dark-mode toggle and server-side DataTables.
 */
import Alpine from 'alpinejs'
import DataTable from 'datatables.net-dt'

const SCHEME_KEY = 'rb-color-scheme'

function meta(name) {
  return document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') || null
}

/**
 * Flips dark mode, remembers it in this browser and, for a logged-in person, on the server
 * (the layout prints the endpoint meta only then), so other devices follow.
 */
function toggleColorScheme() {
  const scheme = document.documentElement.classList.toggle('dark') ? 'dark' : 'light'
  try {
    localStorage.setItem(SCHEME_KEY, scheme)
  } catch {
    // Storage disabled (private mode): the page and the server still get the choice.
  }

  const endpoint = meta('color-scheme-endpoint')
  const token = meta('csrf-token')
  if (!endpoint || !token) return
  fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Accept': 'application/json',
      'X-CSRF-TOKEN': token,
    },
    body: JSON.stringify({ colorScheme: scheme }),
    credentials: 'same-origin',
  }).catch(() => {
    // Offline or logged out: the local choice still applies; the server learns it next time.
  })
}

document.addEventListener('click', (event) => {
  if (event.target.closest('[data-color-scheme-toggle]')) toggleColorScheme()
})

/** Reads a JSON data attribute; a broken one should not stop the rest of the page. */
function jsonAttribute(element, name, fallback) {
  try {
    return JSON.parse(element.dataset[name] || '') ?? fallback
  } catch {
    return fallback
  }
}

// Errors (expired session, server error) show in the table instead of a browser alert().
DataTable.ext.errMode = 'none'

/** A same-site path only: a row's link must never become `javascript:` or another site. */
function safePath(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')
    ? value
    : null
}

/**
 * How a column's cells are drawn: as text (the default, so names typed by customers can never
 * inject markup), as text linking to `row[link]`, or as the server's HTML when `html: true`.
 */
function cellRenderer({ html, link }) {
  if (html) return undefined
  const text = DataTable.render.text()
  if (!link) return text
  return (value, type, row) => {
    if (type !== 'display') return value
    const label = text.display(value)
    const href = safePath(row[link])
    if (!href) return label
    const style = 'font-medium text-primary-700 hover:underline dark:text-primary-300'
    return `<a href="${DataTable.util.escapeHtml(href)}" class="${style}">${label}</a>`
  }
}

/**
 * `<table data-datatable data-source="/url" data-columns='[{"data":"name"}]'>` becomes a
 * server-side DataTable (see components/datatable.edge for the column options).
 */
function mountDataTable(table) {
  const columns = jsonAttribute(table, 'columns', []).map(({ html, link, ...column }) => ({
    ...column,
    render: cellRenderer({ html, link }),
  }))
  const language = jsonAttribute(table, 'language', {})
  const order = jsonAttribute(table, 'order', [])
  const pageLength = Number(table.dataset.pageLength) || 25
  const source = table.dataset.source
  // DataTables 3 also reads data-* attributes as options, over the ones given here (raw
  // data-columns would drop the text renderer), so they go once read.
  for (const name of ['columns', 'language', 'order', 'pageLength', 'source'])
    delete table.dataset[name]
  const phone = window.matchMedia('(max-width: 640px)').matches

  const dataTable = new DataTable(table, {
    serverSide: true,
    processing: true,
    ajax: { url: source, headers: { Accept: 'application/json' } },
    columns,
    language,
    order,
    pageLength,
    lengthMenu: [10, 25, 50, 100],
    searchDelay: 350,
    autoWidth: false,
    orderClasses: false,
    layout: { bottomEnd: { paging: { buttons: phone ? 3 : 7 } } },
  })

  dataTable.on('dt-error', () => {
    const body = table.querySelector('tbody')
    if (!body) return
    const cell = document.createElement('td')
    cell.colSpan = columns.length || 1
    cell.className = 'dt-empty'
    cell.textContent = language.loadFailed || 'Could not load the data.'
    body.replaceChildren(document.createElement('tr'))
    body.firstChild.append(cell)
  })
}

document.querySelectorAll('table[data-datatable]').forEach(mountDataTable)

Alpine.start()
