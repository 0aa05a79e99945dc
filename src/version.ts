/** The versions the build put in (scripts/build.mjs `define`); '0.0.0-dev'/'unknown' when run from source. */
declare const __MQTX_VERSION__: string
declare const __MQTTJS_VERSION__: string

export const MQTX_VERSION = typeof __MQTX_VERSION__ === 'string' ? __MQTX_VERSION__ : '0.0.0-dev'
export const MQTTJS_VERSION = typeof __MQTTJS_VERSION__ === 'string' ? __MQTTJS_VERSION__ : 'unknown'
