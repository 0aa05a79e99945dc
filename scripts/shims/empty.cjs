// Stand-in for modules a bundled library imports that mqtx must not run: Ink's react-devtools
// connection (only with DEV=true), and signal-exit (Ink, restore-cursor): src/signals.ts is the one
// signal listener, and src/output/screen.ts restores the terminal (cursor, alternate screen) itself.
function noop() {
  return () => {}
}
module.exports = noop
module.exports.onExit = noop
