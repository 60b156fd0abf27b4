import { columnsOf, showValue } from './state-entries.ts';

const cell = (value: unknown, column: string, id: string): string => {
  if (column === 'id') return id;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
  const field = (value as Record<string, unknown>)[column];
  return field === undefined ? '' : typeof field === 'string' ? field : showValue(field);
};

/** A CRUD collection as a table: one row per item, one column per field any item has. */
export function CollectionTable({
  scope,
  collection,
  items,
}: {
  scope: string;
  collection: string;
  items: readonly { readonly id: string; readonly value: unknown }[];
}) {
  const columns = columnsOf(items);
  return (
    <div className="collection" data-collection={collection}>
      <h3>
        Collection <code>{collection}</code> <span className="muted">({items.length} items)</span>
      </h3>
      <table>
        <caption className="visually-hidden">
          Collection {collection} in scope {scope}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-item={item.id}>
              {columns.map((column) => (
                <td key={column}>{cell(item.value, column, item.id)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
