-- Builds Redis 7.2's script environment in a fresh Lua 5.1 state (base, table, string, math and debug opened).
-- Receives the host functions implemented in Java; returns the globals proxy that scripts run in, the error
-- handler, the function that resets the kill hook, and the real globals table.
local call_raw, pcall_raw, acl_raw, kill_check, rand_next, rand_seed, log_raw, sha1_raw, setresp_raw, version, version_num = ...

local G = _G
local dbg = debug
local sethook, getinfo = dbg.sethook, dbg.getinfo
local error, type, tostring, tonumber, select, rawget, rawset, rawequal = error, type, tostring, tonumber, select, rawget, rawset, rawequal
local setmetatable, getmetatable, next, floor = setmetatable, getmetatable, next, math.floor
local co_create, co_wrap = coroutine.create, coroutine.wrap
local THIS_SOURCE = getinfo(1, 'S').source

G.debug, G.print, G.dofile, G.loadfile = nil, nil, nil, nil

-- the kill hook: every 100000 instructions; once a kill is requested, on every line so that pcall cannot swallow it
local hook
hook = function()
  local stop, pending = kill_check()
  if pending then
    -- redis.call failed: it armed this hook to raise its error at the caller's next instruction (see LuaEngine)
    if stop then sethook(hook, 'l') else sethook(hook, '', 100000) end
    error(pending)
  end
  if stop then
    sethook(hook, 'l')
    error({err = 'ERR Script killed by user with SCRIPT KILL...'})
  end
end
local function arm_hook()
  sethook(hook, '', 100000)
end
arm_hook()

-- a Lua hook belongs to one coroutine: every new coroutine installs it first (a tail call leaves no frame behind)
coroutine.create = function(f)
  if type(f) ~= 'function' then return co_create(f) end
  return co_create(function(...)
    if kill_check() then sethook(hook, 'l') else sethook(hook, '', 100000) end
    return f(...)
  end)
end
coroutine.wrap = function(f)
  if type(f) ~= 'function' then return co_wrap(f) end
  return co_wrap(function(...)
    if kill_check() then sethook(hook, 'l') else sethook(hook, '', 100000) end
    return f(...)
  end)
end

-- the location Redis reports is the script line that failed, below any C function and any of these wrappers
local function err_handler(err)
  local level = 2
  local i = getinfo(level, 'nSl')
  if i and i.what == 'C' then level = level + 1; i = getinfo(level, 'nSl') end
  while i and i.source == THIS_SOURCE do
    level = level + 1
    i = getinfo(level, 'nSl')
    if i and i.what == 'C' then level = level + 1; i = getinfo(level, 'nSl') end
  end
  if type(err) ~= 'table' then
    err = {err = 'ERR ' .. tostring(err)}
  end
  if i and err['line'] == nil then -- redis.call's errors come with their call's location already
    err['source'] = i.source
    err['line'] = i.currentline
  end
  return err
end
G.__redis__err__handler = err_handler

-- Redis's luaPushErrorBuff: "-CODE msg" keeps its code, anything else becomes "ERR msg"
local function error_table(s)
  local code, msg
  if s:sub(1, 1) == '-' then
    local sp = s:find(' ', 1, true)
    if sp then code, msg = s:sub(2, sp - 1), s:sub(sp + 1) else code, msg = 'ERR', s:sub(2) end
  else
    code, msg = 'ERR', s
  end
  msg = msg:gsub('^[\r\n]+', ''):gsub('[\r\n]+$', '')
  return {err = code .. ' ' .. msg}
end

local redis = {}
redis.call = call_raw
redis.pcall = pcall_raw
redis.acl_check_cmd = acl_raw
redis.error_reply = function(...)
  local s = ...
  if select('#', ...) ~= 1 or type(s) ~= 'string' then return error_table('wrong number or type of arguments') end
  if s:sub(1, 1) ~= '-' then s = '-' .. s end
  return error_table(s)
end
redis.status_reply = function(...)
  local s = ...
  if select('#', ...) ~= 1 or type(s) ~= 'string' then return error_table('wrong number or type of arguments') end
  return {ok = s}
end
redis.sha1hex = function(...)
  if select('#', ...) ~= 1 then error(error_table('wrong number of arguments')) end
  local s = ...
  if type(s) ~= 'string' and type(s) ~= 'number' then s = '' end
  return sha1_raw(tostring(s))
end
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.log = function(...)
  local argc = select('#', ...)
  if argc < 2 then error(error_table('redis.log() requires two arguments or more.')) end
  local level = ...
  if tonumber(level) == nil then error(error_table('First argument must be a number (log level).')) end
  level = tonumber(level)
  level = level >= 0 and floor(level) or -floor(-level)
  if level < 0 or level > 3 then error(error_table('Invalid debug level.')) end
  local parts = {}
  for j = 2, argc do
    local v = select(j, ...)
    if type(v) == 'string' or type(v) == 'number' then parts[#parts + 1] = tostring(v) end
  end
  log_raw(level, table.concat(parts, ' '))
end
redis.setresp = function(...)
  if select('#', ...) ~= 1 then error(error_table('redis.setresp() requires one argument.')) end
  local resp = tonumber((...)) or 0
  resp = resp >= 0 and floor(resp) or -floor(-resp)
  if resp ~= 2 and resp ~= 3 then error(error_table('RESP version must be 2 or 3.')) end
  setresp_raw(resp)
end
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.set_repl = function(...)
  if select('#', ...) ~= 1 then error(error_table('redis.set_repl() requires one argument.')) end
  local flags = tonumber((...)) or 0
  flags = flags >= 0 and floor(flags) or -floor(-flags)
  if flags < 0 or flags > 3 then
    error(error_table('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.'))
  end
end
redis.replicate_commands = function() return true end
redis.breakpoint = function() return false end
redis.debug = function() end
redis.REDIS_VERSION = version
redis.REDIS_VERSION_NUM = version_num
G.redis = redis

-- math.random and math.randomseed use Redis's own rand48 generator, reseeded before every script
local function checkint(fname, n, v)
  local x = tonumber(v)
  if x == nil then
    local got = v == nil and 'no value' or type(v)
    error('bad argument #' .. n .. " to '" .. fname .. "' (number expected, got " .. got .. ')', 3)
  end
  return x >= 0 and floor(x) or -floor(-x)
end
math.random = function(...)
  local r = rand_next()
  local argc = select('#', ...)
  if argc == 0 then return r end
  if argc == 1 then
    local u = checkint('random', 1, (...))
    if u < 1 then error("bad argument #1 to 'random' (interval is empty)", 2) end
    return floor(r * u) + 1
  end
  if argc == 2 then
    local l = checkint('random', 1, (...))
    local u = checkint('random', 2, (select(2, ...)))
    if l > u then error("bad argument #2 to 'random' (interval is empty)", 2) end
    return floor(r * (u - l + 1)) + l
  end
  error('wrong number of arguments', 2)
end
math.randomseed = function(...)
  rand_seed(checkint('randomseed', 1, (...)))
end

-- Redis's pcall hands back the text of an error table ({err=...}) rather than the table
local raw_pcall = pcall
local function pcall_result(ok, ...)
  if ok then return true, ... end
  local e = ...
  if type(e) == 'table' then
    local text = e.err
    if type(text) == 'string' or type(text) == 'number' then return false, text end
  end
  return false, e
end
G.pcall = function(f, ...)
  if f == call_raw then
    -- redis.call raises through the hook, which would fire after pcall returned: call it without raising
    local r = pcall_raw(...)
    if type(r) == 'table' and rawget(r, 'err') ~= nil then return false, r.err end
    return true, r
  end
  return pcall_result(raw_pcall(f, ...))
end

-- Redis 7.2 makes the globals and every library table read-only; here each is replaced by an empty proxy
local real_of = setmetatable({}, {__mode = 'k'})
local function readonly()
  error('Attempt to modify a readonly table', 2)
end
local function protect(t)
  local p = {}
  real_of[p] = t
  setmetatable(p, {__index = t, __newindex = readonly})
  return p
end
local rawnext = next
local function proxied_next(t, k)
  return rawnext(real_of[t] or t, k)
end
G.next = proxied_next
G.pairs = function(t)
  if type(t) ~= 'table' then error("bad argument #1 to 'pairs' (table expected, got " .. (t == nil and 'no value' or type(t)) .. ')', 2) end
  return proxied_next, t, nil
end
local raw_ipairs = ipairs
G.ipairs = function(t)
  return raw_ipairs(real_of[t] or t)
end
G.rawget = function(t, k)
  return rawget(real_of[t] or t, k)
end
G.rawset = function(t, k, v)
  if real_of[t] then error('Attempt to modify a readonly table', 0) end
  return rawset(t, k, v)
end
G.setmetatable = function(t, mt)
  if real_of[t] then error('Attempt to modify a readonly table', 0) end
  return setmetatable(t, mt)
end
-- the globals' own metatable (which raises the nonexistent-variable error) is read-only too
local globals_mt = {}
local protected_globals_mt = protect(globals_mt)
G.getmetatable = function(t)
  local mt = getmetatable(real_of[t] or t)
  if mt == globals_mt then return protected_globals_mt end
  return mt
end

-- Redis's Lua reads every chunk as source text: a precompiled (binary) chunk is a syntax error, reported as the
-- parser reports its first byte
local raw_loadstring = loadstring
G.loadstring = function(s, chunkname)
  if type(s) == 'string' and string.byte(s, 1) == 27 then
    local name = string.match(chunkname or s, '^[^%z]*')
    local line = string.match(name, '^[^\n\r]*')
    if #line > 43 then line = string.sub(line, 1, 43) end
    if #line < #name then line = line .. '...' end
    return nil, '[string "' .. line .. '"]:1: unexpected symbol near \'char(27)\''
  end
  return raw_loadstring(s, chunkname)
end

for name, value in rawnext, G do
  if type(value) == 'table' and value ~= G then G[name] = protect(value) end
end

local globals = protect(G)
G._G = globals
globals_mt.__index = function(_, k)
  if type(k) ~= 'string' and type(k) ~= 'number' then
    error('Second argument to luaProtectedTableError must be a string or number', 2)
  end
  error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
end
setmetatable(G, globals_mt)

return globals, err_handler, arm_hook, G
