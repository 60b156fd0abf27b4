import { expectJson, type FixedResponse, type Scenario } from '../scenario.js';
import { mimicusStaticSide } from './mimicus-static-side.js';

const createdItem = '{"name":"widget","price":12}';

/** What Mimicus answers the first create; the stand-in sends it to every request. */
const createdLike: FixedResponse = {
  status: 201,
  headers: { 'content-type': 'application/json', location: '/items/1' },
  body: '{"id":1,"name":"widget","price":12}',
};

const isCreatedItem = expectJson<{ id: unknown; name: unknown }>(201, (parsed) => {
  if (typeof parsed.id !== 'number') return `expected a numeric id, got ${JSON.stringify(parsed.id)}`;
  if (parsed.name !== 'widget') return `expected the created item back (name "widget"), got ${JSON.stringify(parsed)}`;
  return undefined;
});

/**
 * Issue 4's target for a CRUD create: every request validates a JSON body, takes the next id and
 * writes a new item to the default SQLite store (the data dir next to the generated config, as in
 * `state`), against Mimicus's own static stub, both measured in this run.
 */
export const crudCreateScenario: Scenario = {
  name: 'crud-create',
  description:
    'Mimicus creating an item in a crud collection (POST /items with a small JSON body; SQLite, group commit) vs Mimicus serving a static stub: the cost of a state-writing CRUD request.',
  targetRatio: 0.5, // issue 4: a request that reads and writes state >= 0.5x the static stub
  a: {
    label: 'mimicus crud create',
    path: '/items',
    request: { method: 'POST', body: createdItem, contentType: 'application/json' },
    check: isCreatedItem,
    server: {
      kind: 'mimicus',
      standIn: createdLike,
      config: {
        version: 2,
        server: { port: 8080, seed: 42 },
        endpoints: [{ id: 'items', path: '/items', crud: { collection: 'items' } }],
      },
    },
  },
  b: mimicusStaticSide,
};
