/** A small OpenAPI 3.0 document exercising what the importer maps: examples, statuses, params, bodies, extensions. */
export const PETS_SPEC = `openapi: 3.0.3
info: { title: Pets, version: "1.0" }
servers: [{ url: "https://api.example.com/v1" }]
x-mimicus-latency: { fixed: 1ms }
paths:
  /pets/{pet-id}:
    parameters:
      - { name: pet-id, in: path, required: true, schema: { type: integer, minimum: 1 } }
    get:
      operationId: getPet
      parameters:
        - { name: verbose, in: query, schema: { type: boolean } }
        - { name: X-Tenant, in: header, required: true, schema: { type: string, pattern: "^t-[a-z]+$" } }
      responses:
        "200":
          description: a pet
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
              examples:
                rex: { value: { id: 1, name: Rex, kind: dog } }
                tom: { value: { id: 2, name: Tom, kind: cat } }
        "404":
          description: no such pet
          content:
            application/problem+json:
              schema: { $ref: "#/components/schemas/Problem" }
    put:
      operationId: putPet
      x-mimicus-errors: [{ rate: 1, status: 503 }]
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Pet" }
      responses:
        "200":
          description: updated
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Pet" }
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
        "422": { description: invalid }
components:
  schemas:
    Pet:
      type: object
      required: [id, name, kind]
      properties:
        id: { type: integer, minimum: 1, readOnly: true }
        name: { type: string, minLength: 1, maxLength: 20 }
        kind: { type: string, enum: [dog, cat, bird] }
        born: { type: string, format: date, nullable: true }
        secret: { type: string, writeOnly: true }
        parent: { $ref: "#/components/schemas/Pet" }
        tags: { type: array, items: { type: string, pattern: "^[a-z]{2,5}$" }, maxItems: 3, uniqueItems: true }
    Problem:
      type: object
      required: [title, status]
      properties:
        title: { type: string }
        status: { type: integer, minimum: 400, maximum: 599 }
`;
