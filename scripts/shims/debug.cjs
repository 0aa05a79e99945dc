// Build-time stand-in for `debug`: mqtx has its own --debug packet log, so MQTT.js's internal
// tracing (DEBUG=mqttjs*) is compiled out instead of loading the library at every start.
function noop() {}
noop.enabled = false
noop.extend = () => noop
function createDebug() {
  return noop
}
createDebug.enable = noop
createDebug.disable = noop
createDebug.enabled = () => false
module.exports = createDebug
module.exports.default = createDebug
