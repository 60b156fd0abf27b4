import { expectJson, type FixedResponse, type Scenario } from '../scenario.js';

const requestedId = '4711';

/** A body of the same shape and about the same length as one the template renders. */
const renderedLike: FixedResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: `{"id":"${requestedId}","name":"Margaret Kuhlman","n":57,"at":"2026-01-01T12:00:00.000Z"}`,
};

const isRenderedUser = expectJson<{ id: unknown; name: unknown; n: unknown; at: unknown }>(200, (user) => {
  if (user.id !== requestedId) return `expected id "${requestedId}" (request.params.id), got ${JSON.stringify(user.id)}`;
  if (typeof user.name !== 'string' || user.name.length === 0 || user.name.includes('{{')) {
    return `expected a faker full name, got ${JSON.stringify(user.name)}`;
  }
  if (typeof user.n !== 'number' || !Number.isInteger(user.n) || user.n < 1 || user.n > 100) {
    return `expected randomInt 1..100, got ${JSON.stringify(user.n)}`;
  }
  if (typeof user.at !== 'string' || Number.isNaN(Date.parse(user.at))) return `expected a date for now, got ${JSON.stringify(user.at)}`;
  return undefined;
});

/** A templated response (request param, faker, randomInt, now) against static bytes of the same size. */
export const templatedScenario: Scenario = {
  name: 'templated',
  description:
    'Mimicus rendering a Handlebars body with a request param and 3 helpers (faker person.fullName, randomInt, now) vs a bare server sending a same-sized static body: the cost of templating.',
  targetRatio: 0.6,
  a: {
    label: 'mimicus templated',
    path: `/users/${requestedId}`,
    check: isRenderedUser,
    server: {
      kind: 'mimicus',
      standIn: renderedLike,
      config: {
        version: 2,
        server: { port: 8080, seed: 42 },
        endpoints: [
          {
            id: 'templated',
            method: 'GET',
            path: '/users/{id}',
            response: {
              template: true,
              headers: { 'content-type': 'application/json' },
              body: '{"id":"{{request.params.id}}","name":"{{faker "person.fullName"}}","n":{{randomInt 1 100}},"at":"{{now}}"}',
            },
          },
        ],
      },
    },
  },
  b: {
    label: 'bare node:http',
    path: `/users/${requestedId}`,
    check: isRenderedUser,
    server: { kind: 'bare', response: renderedLike },
  },
};
