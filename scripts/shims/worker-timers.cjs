// Build-time stand-in for `worker-timers` (a browser library MQTT.js imports but never uses on Node):
// the native timers, without loading its worker machinery at start-up.
module.exports = { setTimeout, clearTimeout, setInterval, clearInterval }
