import { randomUUID } from 'node:crypto';
import type { JournalEntry } from '../contract/index.js';
import { listAcross, type Journal, type JournalFilter, type Logger, type SourceAnswer } from '../observe/index.js';
import { clusterUnavailable as unavailable } from './cluster-unavailable.js';
import type { Cluster } from './open-cluster.js';

/** How long a read waits for the instances' answers; one that is later is left out (named in `unanswered`). */
const ANSWER_WITHIN_MS = 2_000;
const MAX_INSTANCES = 100;
/** A question or answer larger than this is not one of ours: ignored. */
const MAX_MESSAGE_CHARS = 8 * 1024 * 1024;

type Question =
  | { readonly what: 'list'; readonly filter?: JournalFilter; readonly cursor?: string; readonly limit: number }
  | { readonly what: 'get'; readonly id: string }
  | { readonly what: 'count'; readonly filter?: JournalFilter };

interface Asked {
  readonly id: string;
  /** The asker's instance id: answers go to its reply channel. */
  readonly from: string;
  /** Only this instance answers; absent: all do. */
  readonly to?: string;
  readonly question: Question;
}

interface Answer {
  readonly id: string;
  readonly instance: string;
  readonly value?: unknown;
  readonly error?: string;
}

/** The filter keys a journal knows, with their types: what arrives over Redis is checked before it is used. */
function filterOf(raw: unknown): JournalFilter | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const given = raw as Record<string, unknown>;
  const text = (key: string) => (typeof given[key] === 'string' && (given[key] as string).length <= 2048 ? { [key]: given[key] as string } : {});
  const number = (key: string) => (typeof given[key] === 'number' && Number.isFinite(given[key]) ? { [key]: given[key] as number } : {});
  return {
    ...text('endpoint'),
    ...text('method'),
    ...text('pathPrefix'),
    ...text('session'),
    ...number('status'),
    ...number('since'),
    ...number('until'),
    ...(typeof given.matched === 'boolean' ? { matched: given.matched } : {}),
  };
}

async function answerWith(journal: Journal, question: Question): Promise<unknown> {
  switch (question.what) {
    case 'list': {
      const limit = Math.min(Math.max(1, Math.floor(Number(question.limit) || 100)), 1000);
      const cursor = typeof question.cursor === 'string' ? { cursor: question.cursor } : {};
      return { page: await journal.list(filterOf(question.filter), { ...cursor, limit }), dropped: journal.dropped } satisfies SourceAnswer;
    }
    case 'get':
      return typeof question.id === 'string' ? ((await journal.get(question.id)) ?? null) : null;
    case 'count':
      return journal.count(filterOf(question.filter));
  }
}

/**
 * The journal across instances (`/api/requests?scope=cluster`, `?instance=`), asked over Redis:
 * a question is published on `<keyPrefix>journal:ask`, every instance (or the one named) answers
 * from its own journal on the asker's reply channel, and the asker merges what arrives within 2 s.
 * Request/reply rather than a stream of entries: nothing is written to Redis per request served,
 * each instance keeps its journal's own filters, indexes and limits, and what travels is bounded
 * by the page size (at most 1,000 summaries per instance).
 */
export async function startClusterJournal(cluster: Cluster, local: Journal, logger: Logger) {
  const askChannel = `${cluster.keyPrefix}journal:ask`;
  const replyChannel = (instance: string) => `${cluster.keyPrefix}journal:reply:${instance}`;
  const waiting = new Map<string, (answer: Answer) => void>();

  const answer = async (asked: Asked) => {
    const reply = async (fields: Omit<Answer, 'id' | 'instance'>) =>
      cluster.redis.publish(replyChannel(asked.from), JSON.stringify({ id: asked.id, instance: cluster.instanceId, ...fields }));
    try {
      await reply({ value: await answerWith(local, asked.question) });
    } catch (error) {
      await reply({ error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    }
  };

  const subscriber = await cluster.connect('journal-subscriber');
  subscriber.on('message', (channel: string, message: string) => {
    if (message.length > MAX_MESSAGE_CHARS) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return; // not ours: someone else publishing on our channel
    }
    if (typeof parsed !== 'object' || parsed === null) return;
    if (channel === askChannel) {
      const asked = parsed as Asked;
      if (typeof asked.id !== 'string' || typeof asked.from !== 'string' || typeof asked.question !== 'object' || asked.question === null) return;
      if (asked.from === cluster.instanceId || (asked.to !== undefined && asked.to !== cluster.instanceId)) return;
      answer(asked).catch((error: unknown) => logger.debug({ err: error }, 'could not answer a journal question over Redis'));
      return;
    }
    const received = parsed as Answer;
    if (typeof received.id === 'string') waiting.get(received.id)?.(received);
  });
  const subscribe = () => subscriber.subscribe(askChannel, replyChannel(cluster.instanceId)).then(() => undefined);
  // After a reconnect (Redis restarted) the subscriptions are made again.
  subscriber.on('ready', () => void subscribe().catch(() => undefined));
  if (subscriber.status === 'ready') await subscribe();

  /** The other instances now (this one answers itself, without Redis). */
  const instances = async (): Promise<string[]> => {
    if (!cluster.health.isUp()) throw unavailable();
    const ids = await cluster.redis.hkeys(`${cluster.keyPrefix}instances`).catch((error: unknown) => {
      throw unavailable(error);
    });
    return ids.filter((id) => id !== cluster.instanceId).slice(0, MAX_INSTANCES - 1);
  };

  /** Asks `to` (or every other instance) and collects what arrives within 2 s, by instance. */
  const ask = async (question: Question, expected: readonly string[], to?: string): Promise<Map<string, Answer>> => {
    const answers = new Map<string, Answer>();
    if (expected.length === 0) return answers;
    if (!cluster.health.isUp()) throw unavailable();
    const id = randomUUID();
    // Until Redis took the question, silence means Redis, not the instances: a hung Redis (its
    // connection open, so health still says up) must answer 503, not an empty "not found".
    let published = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(published), ANSWER_WITHIN_MS);
      function done(heard: boolean) {
        clearTimeout(timer);
        waiting.delete(id);
        if (heard) resolve();
        else reject(unavailable(new Error(`Redis did not take the question within ${ANSWER_WITHIN_MS} ms`)));
      }
      waiting.set(id, (received) => {
        if (!expected.includes(received.instance)) return;
        answers.set(received.instance, received);
        if (answers.size === expected.length) done(true);
      });
      const asked: Asked = { id, from: cluster.instanceId, ...(to !== undefined ? { to } : {}), question };
      cluster.redis.publish(askChannel, JSON.stringify(asked)).then(
        () => (published = true),
        (error: unknown) => {
          clearTimeout(timer);
          waiting.delete(id);
          reject(unavailable(error));
        },
      );
    });
    return answers;
  };

  /** The instances a read covers: all, or the one named (this one, another one seen, or none). */
  const scopeOf = async (instance: string | undefined): Promise<{ self: boolean; others: string[] }> => {
    if (instance === cluster.instanceId) return { self: true, others: [] };
    const others = await instances();
    if (instance === undefined) return { self: true, others };
    return { self: false, others: [instance] };
  };

  return {
    async list(filter: JournalFilter | undefined, page: { readonly cursor?: string; readonly limit?: number }, instance?: string) {
      const scope = await scopeOf(instance);
      const sources = [...(scope.self ? [cluster.instanceId] : []), ...scope.others];
      const merged = await listAcross(
        sources,
        async (source, at) => {
          const question: Question = { what: 'list', ...(filter ? { filter } : {}), ...(at.cursor ? { cursor: at.cursor } : {}), limit: at.limit };
          if (source === cluster.instanceId) return answerWith(local, question) as Promise<SourceAnswer>;
          const value = (await ask(question, [source], source)).get(source)?.value as SourceAnswer;
          return value && typeof value === 'object' && Array.isArray(value.page?.entries) ? value : undefined;
        },
        page,
      );
      const unanswered = new Set(merged.unanswered);
      return {
        items: merged.entries.map(({ source, entry }) => ({ ...entry, instance: source })),
        ...(merged.nextCursor !== undefined ? { nextCursor: merged.nextCursor } : {}),
        dropped: merged.dropped,
        instances: sources.filter((source) => !unanswered.has(source)),
        unanswered: [...unanswered],
      };
    },
    async get(instance: string, id: string): Promise<JournalEntry | undefined> {
      if (instance === cluster.instanceId) return local.get(id);
      const value = (await ask({ what: 'get', id }, [instance], instance)).get(instance)?.value;
      return value && typeof value === 'object' ? (value as JournalEntry) : undefined;
    },
    async count(filter: JournalFilter | undefined, instance?: string) {
      const scope = await scopeOf(instance);
      const answers = await ask({ what: 'count', ...(filter ? { filter } : {}) }, scope.others, instance);
      const counts = [...answers].filter(([, a]) => typeof a.value === 'number');
      const mine = scope.self ? await local.count(filter) : 0;
      return {
        count: mine + counts.reduce((sum, [, a]) => sum + (a.value as number), 0),
        instances: [...(scope.self ? [cluster.instanceId] : []), ...counts.map(([id]) => id)],
        unanswered: scope.others.filter((id) => !counts.some(([answered]) => answered === id)),
      };
    },
  };
}

export type ClusterJournal = Awaited<ReturnType<typeof startClusterJournal>>;
