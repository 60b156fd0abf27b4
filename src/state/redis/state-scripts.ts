import { luaScript } from './redis-client.js';

/**
 * The Redis state store's scripts. Every one takes three keys (KEYS[1] a hash of JSON texts,
 * KEYS[2] a sorted set of every key at score 0 so ZRANGEBYLEX lists a prefix in byte order, which
 * is code point order, KEYS[3] a sorted set of expiry times) and the caller's `now` as ARGV[1]:
 * TTLs follow the instance's Clock, as with memory and SQLite, not Redis's own time. An expired key
 * is invisible at once and removed by the next write to it or by a purge.
 */
const PRELUDE = `
local V, K, X = KEYS[1], KEYS[2], KEYS[3]
local now = tonumber(ARGV[1])
local function expired(key)
  local e = redis.call('ZSCORE', X, key)
  return e and tonumber(e) <= now
end
local function remove(key)
  redis.call('HDEL', V, key)
  redis.call('ZREM', K, key)
  redis.call('ZREM', X, key)
end
`;

/** ARGV[2..]: keys. Answers their JSON texts, false for absent or expired ones. */
export const GET_MANY = luaScript(`${PRELUDE}
local out = {}
for i = 2, #ARGV do
  local key = ARGV[i]
  local text = redis.call('HGET', V, key)
  if text and expired(key) then text = false end
  out[i - 1] = text
end
return out
`);

/**
 * A batch, all or none: ARGV[2..] are triples (op, key, arg) followed by one more arg for 's' and 'i'.
 * 's' key text expiresAt('' = never); 'd' key ''; 'i' key by expiresAt('' = keep the key's). Every write is worked out on a shadow
 * copy first, so an increment that must fail leaves Redis untouched: the reply is an error
 * 'NOTINT <key>' or 'OVERFLOW <key>'. Results: 1 for set, 1/0 for delete, the new value for increment.
 */
export const APPLY = luaScript(`${PRELUDE}
local MAX = 9007199254740991
local shadow, dirty, order, results = {}, {}, {}, {}
local function read(key)
  local s = shadow[key]
  if s ~= nil then return s end
  local text = redis.call('HGET', V, key)
  if not text then s = false
  else
    local e = redis.call('ZSCORE', X, key)
    if e and tonumber(e) <= now then s = false else s = { text = text, exp = e and tonumber(e) or nil } end
  end
  shadow[key] = s
  return s
end
local function write(key, s)
  shadow[key] = s
  if not dirty[key] then dirty[key] = true; order[#order + 1] = key end
end
local i = 2
while i <= #ARGV do
  local op, key = ARGV[i], ARGV[i + 1]
  if op == 's' then
    local exp = ARGV[i + 3]
    write(key, { text = ARGV[i + 2], exp = exp ~= '' and tonumber(exp) or nil })
    results[#results + 1] = 1
    i = i + 4
  elseif op == 'd' then
    local had = read(key)
    write(key, false)
    results[#results + 1] = had and 1 or 0
    i = i + 3
  else
    local cur = read(key)
    local base = 0
    if cur then
      base = tonumber(cur.text)
      if base == nil or string.sub(cur.text, 1, 1) == '"' or base ~= math.floor(base) or math.abs(base) > MAX then
        return redis.error_reply('NOTINT ' .. key)
      end
    end
    local n = base + tonumber(ARGV[i + 2])
    if math.abs(n) > MAX then return redis.error_reply('OVERFLOW ' .. key) end
    local exp = ARGV[i + 3]
    if exp ~= '' then exp = tonumber(exp) else exp = cur and cur.exp or nil end
    write(key, { text = string.format('%.0f', n), exp = exp })
    results[#results + 1] = n
    i = i + 4
  end
end
for _, key in ipairs(order) do
  local s = shadow[key]
  if s then
    redis.call('HSET', V, key, s.text)
    redis.call('ZADD', K, 0, key)
    if s.exp then redis.call('ZADD', X, s.exp, key) else redis.call('ZREM', X, key) end
  else
    remove(key)
  end
end
return results
`);

/**
 * ARGV[2] key, ARGV[3] 'absent' or 'seen', ARGV[4] the JSON text read before, ARGV[5] the new
 * text, ARGV[6] expiresAt ('' = never). Writes only when the key is still as it was read: 1 written, 0 not (present when it
 * must be absent), -1 changed since it was read (the caller reads and compares again).
 */
export const COMPARE_AND_SET = luaScript(`${PRELUDE}
local key = ARGV[2]
local text = redis.call('HGET', V, key)
if text and expired(key) then text = false end
if ARGV[3] == 'absent' then
  if text then return 0 end
elseif text ~= ARGV[4] then
  return -1
end
redis.call('HSET', V, key, ARGV[5])
redis.call('ZADD', K, 0, key)
if ARGV[6] ~= '' then redis.call('ZADD', X, tonumber(ARGV[6]), key) else redis.call('ZREM', X, key) end
return 1
`);

/** ARGV[2] min, ARGV[3] max (ZRANGEBYLEX bounds), ARGV[4] limit (-1: none). Answers key, text, expiry ('' for none), key, text, expiry… */
export const LIST = luaScript(`${PRELUDE}
local min, max, limit = ARGV[2], ARGV[3], tonumber(ARGV[4])
local out, found, offset = {}, 0, 0
if limit == 0 then return out end
while true do
  local keys = redis.call('ZRANGEBYLEX', K, min, max, 'LIMIT', offset, 256)
  if #keys == 0 then return out end
  offset = offset + #keys
  local texts = redis.call('HMGET', V, unpack(keys))
  for j, key in ipairs(keys) do
    if texts[j] and not expired(key) then
      out[#out + 1] = key
      out[#out + 1] = texts[j]
      out[#out + 1] = redis.call('ZSCORE', X, key) or ''
      found = found + 1
      if found == limit then return out end
    end
  end
end
`);

/** ARGV[2] min, ARGV[3] max: removes every key in the range; answers how many were live. */
export const DELETE_RANGE = luaScript(`${PRELUDE}
local min, max = ARGV[2], ARGV[3]
local live = 0
while true do
  local keys = redis.call('ZRANGEBYLEX', K, min, max, 'LIMIT', 0, 256)
  if #keys == 0 then return live end
  for _, key in ipairs(keys) do
    if not expired(key) and redis.call('HEXISTS', V, key) == 1 then live = live + 1 end
    remove(key)
  end
end
`);

/** Removes every key expired at `now`; answers how many. */
export const PURGE = luaScript(`${PRELUDE}
local purged = 0
while true do
  local keys = redis.call('ZRANGEBYSCORE', X, '-inf', now, 'LIMIT', 0, 256)
  if #keys == 0 then return purged end
  for _, key in ipairs(keys) do remove(key) end
  purged = purged + #keys
end
`);
