-- wrk script for run.sh's interleaved rounds: the paths given after "--" are requested in turn,
-- one request each, on every connection, so that they share the same moments of the machine.
-- Usage: wrk ... -s interleave.lua http://127.0.0.1:PORT -- /on/api/product /off/api/product
local paths = {}
local next_index = 1

function init(args)
  for i = 1, #args do
    paths[i] = args[i]
  end
  if #paths == 0 then
    error("interleave.lua: give the paths after --")
  end
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format(nil, path)
end
