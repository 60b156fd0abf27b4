/** What `mimicus init` writes: a small config that runs as is, with each line saying what it does. */
export const STARTER_CONFIG = `# yaml-language-server: $schema=https://unpkg.com/mimicus/schema/mimicus.schema.json
# A Mimicus config. Serve it with \`npx mimicus serve mimicus.yaml\`, check it with
# \`npx mimicus validate mimicus.yaml\`. Every key is checked: a typo is an error with a suggestion.
version: 2

server:
  port: \${PORT:-8080}        # \${VAR} and \${VAR:-default} come from the environment
  host: 127.0.0.1            # 0.0.0.0 to be reachable from other machines (or a container's host)
  seed: 42                   # same seed, same random answers (variants, faker, faults)

# admin:                     # the admin API and the console (default: the first free port after server.port)
#   port: 8081

defaults:
  headers: { x-powered-by: mimicus }   # added to every response

endpoints:
  # curl http://127.0.0.1:8080/api/health
  - id: health
    method: GET
    path: /api/health
    response:
      json: { status: ok }

  # curl http://127.0.0.1:8080/api/users/42
  - id: get-user
    method: GET
    path: /api/users/{id:[0-9]+}       # {id} captures a segment; :[0-9]+ constrains it
    latency: { lognormal: { median: 80ms, sigma: 0.4 } }   # like a real service: usually fast, sometimes not
    errors:
      - { rate: 0.01, status: 503 }    # 1% of calls fail
    response:
      template: true                   # Handlebars: request, faker, state, ...
      json:
        id: "{{request.params.id}}"    # one {{...}} alone renders as a typed value: the number 42
        name: '{{faker "person.fullName"}}'

  # curl -X POST -H 'content-type: application/json' -d '{"sku":"a"}' http://127.0.0.1:8080/api/orders
  - id: create-order
    method: POST
    path: /api/orders
    rateLimit: { rate: 5/s, burst: 5 }  # the sixth call in a second gets 429 with Retry-After
    response:
      status: 201
      template: true
      json: { orderId: '{{sequence "orders" start=1000}}', sku: "{{request.body.sku}}" }
`;
