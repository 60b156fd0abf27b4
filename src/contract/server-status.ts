import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';

/** A schedule window in force now, on one endpoint. */
export const ActiveWindowSchema = Type.Object({ endpoint: Type.String(), window: Type.String() });
export type ActiveWindow = Static<typeof ActiveWindowSchema>;

/** `GET /api/status`. */
export const ServerStatusSchema = Type.Object({
  version: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  uptimeSeconds: Type.Integer(),
  planId: Type.Integer({ description: 'increases with every Plan swapped in' }),
  endpoints: Type.Integer(),
  workflows: Type.Integer(),
  dataDir: Type.Union([Type.String(), Type.Literal(false)], { description: 'where state and history are kept; false when in memory' }),
  dataPlaneUrl: Type.Optional(Type.String({ description: 'where the mocks answer, once the data plane listens' })),
  configFile: Type.Optional(Type.String()),
  activeWindows: listOf(ActiveWindowSchema, { description: 'schedule windows in force now, per endpoint' }),
  cluster: Type.Optional(
    Type.Object(
      {
        instanceId: Type.String({ description: 'this instance' }),
        redisUp: Type.Boolean({ description: 'whether this instance reaches Redis now' }),
        instances: listOf(
          Type.Object({
            id: Type.String(),
            dataPlaneUrl: Type.Optional(Type.String()),
            startedAt: Type.String({ format: 'date-time' }),
            lastSeen: Type.String({ format: 'date-time' }),
            configVersion: Type.Integer({ description: 'the newest cluster config version it applied (0: none since it started)' }),
          }),
          { description: 'the instances seen in the last 10 s (each writes itself into Redis every 2 s), this one included' },
        ),
      },
      { description: 'with state.store redis: the instances sharing this Redis and key prefix' },
    ),
  ),
});
export type ServerStatus = Static<typeof ServerStatusSchema>;
