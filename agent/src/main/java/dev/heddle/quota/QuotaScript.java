package dev.heddle.quota;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The two Lua scripts of the Redis quota store. Each runs atomically in Redis, reads the clock with
 * {@code TIME} (so the clocks of the JVMs never matter), and touches only the keys of one check, which
 * share one hash tag. Nothing is read, decided in Java and written back: no WATCH, no retry loop, so
 * a hot key under contention costs one script run per check, never a livelock.
 *
 * <p>Keys, two per charge ({@code KEYS[2i-1]}, {@code KEYS[2i]}): for a sliding window, a sorted set
 * of the charges (member {@code <call id>:<units>}, score the time in microseconds) and the running
 * sum of their units; for a token bucket, the bucket's theoretical arrival time (microseconds since
 * 2025-01-01, as a double) and an unused second key. Every write sets an expiry (one window for a
 * log, the time until full for a bucket) so idle keys vanish by themselves.
 *
 * <p>The arithmetic mirrors {@link SlidingLog} and {@link GcraBucket} exactly, in microseconds.
 */
final class QuotaScript {

    /**
     * Both scripts start alike: the time in microseconds from Redis's clock ({@code now}), the same
     * counted from 2025-01-01 for token buckets ({@code rel}, small enough for a double to keep
     * sub-microsecond precision), and the call id.
     */
    private static final String PRELUDE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local EPOCH = 1735689600000000
            local rel = now - EPOCH
            local id = ARGV[1]
            """;

    /**
     * ARGV: the call id, then per charge: algorithm ({@code s} or {@code b}), amount, window (µs),
     * units. Returns {admitted (1/0), deciding charge (1-based), remaining, wait (µs; -1: never),
     * reset (µs)}.
     */
    static final String ACQUIRE = PRELUDE + """
            local count = (#ARGV - 1) / 4
            local function units_of(member) return tonumber(string.match(member, ':(%d+)$')) end
            local function int(x) return string.format('%d', x) end

            local state, waits, remains, resets = {}, {}, {}, {}
            local refusing, longest = 0, 0
            for i = 1, count do
              local a = 1 + (i - 1) * 4
              local algo, amount, window, units = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
              local need = math.max(units, 1)
              local key = KEYS[2 * i - 1]
              local wait
              if algo == 's' then
                local total = KEYS[2 * i]
                local horizon = int(now - window)
                local expired = redis.call('ZRANGEBYSCORE', key, '-inf', horizon)
                local used
                if #expired > 0 then
                  local freed = 0
                  for _, m in ipairs(expired) do freed = freed + units_of(m) end
                  redis.call('ZREMRANGEBYSCORE', key, '-inf', horizon)
                  used = redis.call('DECRBY', total, int(freed))
                  if used < 0 then redis.call('DEL', total); used = 0 end
                else
                  used = tonumber(redis.call('GET', total) or '0')
                end
                local excess = used + need - amount
                if excess <= 0 then
                  wait = 0
                elseif need > amount then
                  wait = -1
                else
                  local freed, offset = 0, 0
                  while wait == nil do
                    local page = redis.call('ZRANGE', key, offset, offset + 63, 'WITHSCORES')
                    if #page == 0 then return redis.error_reply('quota log ' .. key .. ' holds less than its total') end
                    for j = 1, #page, 2 do
                      freed = freed + units_of(page[j])
                      if freed >= excess then wait = tonumber(page[j + 1]) + window - now; break end
                    end
                    offset = offset + 64
                  end
                end
                state[i] = used
                remains[i] = math.max(0, amount - used)
                local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
                resets[i] = newest[2] and math.max(0, tonumber(newest[2]) + window - now) or 0
              else
                local tat = tonumber(redis.call('GET', key) or '0')
                if tat < rel then tat = rel end
                local step = window / amount
                local over = tat + need * step - rel - window
                if need > amount then wait = -1 elseif over <= step / 1000 then wait = 0 else wait = math.ceil(over) end
                state[i] = tat
                remains[i] = math.max(0, math.floor((rel + window - tat) / step + 0.001))
                resets[i] = math.ceil(tat - rel)
              end
              waits[i] = wait
              if wait ~= 0 and longest ~= -1 and (wait == -1 or wait > longest) then refusing, longest = i, wait end
            end
            if refusing > 0 then
              return {0, refusing, remains[refusing], longest, resets[refusing]}
            end

            local tightest, least, tightest_reset = 1, nil, 0
            for i = 1, count do
              local a = 1 + (i - 1) * 4
              local algo, amount, window, units = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
              local key = KEYS[2 * i - 1]
              local remaining, reset
              if algo == 's' then
                if units > 0 then
                  local total = KEYS[2 * i]
                  redis.call('ZADD', key, int(now), id .. ':' .. ARGV[a + 4])
                  redis.call('INCRBY', total, ARGV[a + 4])
                  local ttl = int(math.ceil(window / 1000) + 1)
                  redis.call('PEXPIRE', key, ttl)
                  redis.call('PEXPIRE', total, ttl)
                  reset = window
                else
                  reset = resets[i]
                end
                remaining = math.max(0, amount - state[i] - units)
              else
                local step = window / amount
                local tat = state[i] + units * step
                if units > 0 then
                  redis.call('SET', key, string.format('%.17g', tat), 'PX', int(math.ceil((tat - rel) / 1000) + 1))
                end
                remaining = math.max(0, math.floor((rel + window - tat) / step + 0.001))
                reset = math.ceil(tat - rel)
              end
              if least == nil or remaining < least then tightest, least, tightest_reset = i, remaining, reset end
            end
            return {1, tightest, least, 0, tightest_reset}
            """;

    /**
     * ARGV: the call id, then per estimate: algorithm, amount, window (µs), estimate, actual.
     * Applying it twice changes nothing for a sliding window (the corrected member is found); a
     * token bucket would be corrected twice.
     */
    static final String SETTLE = PRELUDE + """
            local count = (#ARGV - 1) / 5
            local function int(x) return string.format('%d', x) end
            for i = 1, count do
              local a = 1 + (i - 1) * 5
              local algo, amount, window = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
              local estimate, actual = tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5])
              local diff = actual - estimate
              local key = KEYS[2 * i - 1]
              if diff ~= 0 and algo == 's' then
                local total = KEYS[2 * i]
                local reserved = id .. ':' .. ARGV[a + 4]
                local score = redis.call('ZSCORE', key, reserved)
                if score then
                  redis.call('ZREM', key, reserved)
                  if actual > 0 then redis.call('ZADD', key, score, id .. ':' .. ARGV[a + 5]) end
                  redis.call('INCRBY', total, int(diff))
                else
                  local extra = id .. '+:' .. int(diff)
                  if diff > 0 and not redis.call('ZSCORE', key, id .. ':' .. ARGV[a + 5]) and not redis.call('ZSCORE', key, extra) then
                    -- the estimate has left the window (or was 0): the extra units were spent now
                    redis.call('ZADD', key, int(now), extra)
                    redis.call('INCRBY', total, int(diff))
                    local ttl = int(math.ceil(window / 1000) + 1)
                    redis.call('PEXPIRE', key, ttl)
                    redis.call('PEXPIRE', total, ttl)
                  end
                end
              elseif diff ~= 0 then
                local tat = tonumber(redis.call('GET', key) or '0')
                if tat < rel then tat = rel end
                tat = math.max(rel, tat + diff * window / amount)
                if tat > rel then
                  redis.call('SET', key, string.format('%.17g', tat), 'PX', int(math.ceil((tat - rel) / 1000) + 1))
                else
                  redis.call('DEL', key)
                end
              end
            end
            return count
            """;

    private final String acquireSha = sha1(ACQUIRE);
    private final String settleSha = sha1(SETTLE);

    /** @return the script's reply, see {@link #ACQUIRE} */
    @SuppressWarnings("unchecked")
    List<Long> acquire(UnifiedJedis redis, List<String> keys, List<String> args) {
        return (List<Long>) run(redis, ACQUIRE, acquireSha, keys, args);
    }

    void settle(UnifiedJedis redis, List<String> keys, List<String> args) {
        run(redis, SETTLE, settleSha, keys, args);
    }

    /** EVALSHA, and EVAL (which also caches the script) when Redis does not know it yet (restarted, or flushed). */
    private static Object run(UnifiedJedis redis, String script, String sha, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException unknown) {
            return redis.eval(script, keys, args);
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
