// Build-time stand-in for commander's top-level `require('node:child_process')`: commander only
// needs it for executable subcommands, which mqtx does not use; loading it eagerly costs ~10 ms.
let real
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      real ??= require('node:child_process')
      return real[key]
    },
  },
)
