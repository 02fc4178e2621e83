/**
 * Builds `meta.k8s.io/v1` Table responses (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`) from objects:
 * the built-in printers for built-ins, `additionalPrinterColumns` for custom resources.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { PrinterColumn, ResourceDef } from '../registry/resource.js';
import { ageOf } from './duration.js';
import { jsonPathValues } from './jsonpath.js';
import { NAME_COLUMN, builtinPrinter, type Column, type Printer } from './printers.js';

/** `includeObject` of TableOptions: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function customCell(column: PrinterColumn, obj: JsonObject, now: Date): JsonValue {
  const values = jsonPathValues(obj, column.jsonPath);
  if (values.length === 0) return null;
  const v = values[0]!;
  switch (column.type) {
    case 'integer': return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number': return typeof v === 'number' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'date': return typeof v === 'string' ? ageOf(v, now) : null;
    case 'string': return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    default: return null;
  }
}

function customPrinter(columns: readonly PrinterColumn[]): Printer {
  return {
    columns: columns.map((c): Column => ({ name: c.name, type: c.type, format: c.format, priority: c.priority, description: c.description })),
    cells: (o, now) => columns.map((c) => customCell(c, o, now)),
  };
}

/** The printer for `def`. */
export function printerFor(def: ResourceDef): Printer {
  return def.custom ? customPrinter(def.custom.printerColumns) : builtinPrinter(def.group, def.kind);
}

function rowObject(obj: JsonObject, include: IncludeObject): JsonValue | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  const { managedFields: _managed, ...metadata } = isJsonObject(obj.metadata) ? obj.metadata : {};
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

/** One row: the name, then the printer's cells. */
export function tableRow(printer: Printer, obj: JsonObject, now: Date, include: IncludeObject): JsonObject {
  const name = isJsonObject(obj.metadata) ? String(obj.metadata.name ?? '') : '';
  const row: JsonObject = { cells: [name, ...printer.cells(obj, now)] };
  const o = rowObject(obj, include);
  if (o !== undefined) row.object = o;
  return row;
}

/** The column definitions of `def`'s table. */
export function columnDefinitions(printer: Printer): JsonValue[] {
  return [NAME_COLUMN, ...printer.columns].map((c) => ({ name: c.name, type: c.type, format: c.format, description: c.description, priority: c.priority }));
}

/** A Table of `objects`; `headers: false` omits the column definitions (watch events after the first). */
export function buildTable(def: ResourceDef, objects: readonly JsonObject[], opts: { now: Date; include: IncludeObject; headers: boolean; listMeta: JsonObject }): JsonObject {
  const printer = printerFor(def);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.listMeta,
    columnDefinitions: opts.headers ? columnDefinitions(printer) : [],
    rows: objects.map((o) => tableRow(printer, o, opts.now, opts.include)),
  };
}
