// is-in-ci for Ink (mqtx watch): never "in CI". Ink would draw only the last frame when CI is set,
// a blank screen until exit; watch runs only with a terminal on stdout (it refuses otherwise), so a
// CI variable in that terminal's environment (a developer's shell, a CI job's pty test) is no reason.
export default false
