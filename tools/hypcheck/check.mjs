// check.mjs reads every table in a legwork data directory with hyparquet
// (the common pure-JavaScript Parquet reader) and its official codec add-on
// hyparquet-compressors, both pinned in package.json, and compares each
// cell with the CSV file of the same run, written by `legwork run --csv`:
// row counts, nulls (empty cells), dates, timestamps, numbers, booleans and
// strings. It also checks the codec (ZSTD, as DESIGN.md says) and legwork's
// key-value metadata, and that plain hyparquet, without the add-on, refuses
// the tables with its known message (README, "Reading the tables", says so).
//
//   cd tools/hypcheck && npm ci && node check.mjs OUT/data
//
// It exits 1 and names each difference, or prints one line per table.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node check.mjs DATADIR')
  process.exit(2)
}

// parseCSV parses RFC 4180 text into records.
function parseCSV(text) {
  const recs = []
  let rec = [], field = '', i = 0, quoted = false
  while (i < text.length) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue }
      if (c === '"') { quoted = false; i++; continue }
      field += c; i++; continue
    }
    if (c === '"') { quoted = true; i++; continue }
    if (c === ',') { rec.push(field); field = ''; i++; continue }
    if (c === '\r' && text[i + 1] === '\n') { rec.push(field); recs.push(rec); rec = []; field = ''; i += 2; continue }
    field += c; i++
  }
  if (field !== '' || rec.length > 0) { rec.push(field); recs.push(rec) }
  return recs
}

function same(v, cell) {
  if (v === null || v === undefined) return cell === ''
  if (v instanceof Date) {
    if (/^\d{4}-\d\d-\d\d$/.test(cell)) return v.toISOString().slice(0, 10) === cell
    return v.getTime() === Date.parse(cell)
  }
  if (typeof v === 'number' || typeof v === 'bigint') return cell !== '' && Number(v) === Number(cell)
  if (typeof v === 'boolean') return String(v) === cell
  return v === cell
}

let failures = 0
function fail(msg) { console.error('hyparquet: ' + msg); failures++ }

for (const table of ['activities', 'weeks', 'shoes', 'flags']) {
  const file = await asyncBufferFromFile(join(dir, table + '.parquet'))
  const meta = await parquetMetadataAsync(file)
  const kv = Object.fromEntries((meta.key_value_metadata ?? []).map(e => [e.key, e.value]))
  for (const key of ['legwork.version', 'legwork.schema_version', 'legwork.as_of']) {
    if (!kv[key]) fail(`${table}: no ${key} metadata`)
  }
  for (const rg of meta.row_groups) {
    for (const col of rg.columns) {
      if (col.meta_data.codec !== 'ZSTD') fail(`${table}.${col.meta_data.path_in_schema}: codec ${col.meta_data.codec}`)
    }
  }
  // Plain hyparquet has no zstd decoder: it must refuse the table (a table
  // without rows has no pages, so nothing to refuse).
  if (meta.row_groups.some(rg => Number(rg.num_rows) > 0)) {
    const refused = await parquetReadObjects({ file }).then(() => null, err => String(err?.message ?? err))
    if (refused === null) fail(`${table}: plain hyparquet read ZSTD without hyparquet-compressors`)
    else if (!refused.includes('unsupported compression codec: ZSTD')) fail(`${table}: plain hyparquet refused with ${JSON.stringify(refused)}`)
  }
  const rows = await parquetReadObjects({ file, compressors })
  const csv = parseCSV(readFileSync(join(dir, table + '.csv'), 'utf8'))
  const header = csv[0]
  const names = meta.schema.slice(1).map(s => s.name)
  if (header.join() !== names.join()) fail(`${table}: CSV header ${header} != Parquet columns ${names}`)
  if (rows.length !== csv.length - 1) fail(`${table}: ${rows.length} rows, CSV has ${csv.length - 1}`)
  let nulls = 0
  rows.forEach((row, i) => {
    header.forEach((name, j) => {
      const cell = csv[i + 1]?.[j]
      if (row[name] === null) nulls++
      if (!same(row[name], cell)) fail(`${table} row ${i} ${name}: hyparquet ${String(row[name])} (${typeof row[name]}), CSV ${JSON.stringify(cell)}`)
    })
  })
  console.log(`hyparquet + hyparquet-compressors ${table}: ZSTD, ${rows.length} rows, ${header.length} columns, ${nulls} nulls, as of ${kv['legwork.as_of']}: same as ${table}.csv`)
}
if (failures > 0) {
  console.error(`hyparquet: ${failures} differences`)
  process.exit(1)
}
