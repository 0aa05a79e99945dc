/**
 * mqtx simulate: every mistake that can be found before connecting is one line (plus a hint), exit 2,
 * nothing on stdout, nothing sent: the port is closed, so a case that wrongly connects fails with 1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/run.js'
import { mqtxInProcess } from '../helpers/in-process.js'
import { expectNothingLeftBehind, expectUsageError } from '../helpers/usage.js'

const CLOSED = ['-h', '127.0.0.1', '-p', '9']
const FIX = join(ROOT, 'test', 'fixtures', 'simulate')
/** A module with a syntax error (made here: the repository's files must all parse for the linter). */
const SYNTAX = join(mkdtempSync(join(tmpdir(), 'mqtx-sim-')), 'syntax.mjs')
writeFileSync(SYNTAX, 'export default function ({ device ) {\n')
const CODECS = join(ROOT, 'test', 'fixtures', 'codecs')

afterAll(expectNothingLeftBehind)

describe('mqtx simulate: bad input is one line, exit 2, nothing sent', () => {
  it.each([
    [[], /^mqtx: simulate needs something to send: -t\/-m templates, --scenario NAME or --module FILE\.$/],
    [['-t', 'a/{{foo}}'], /^mqtx: template -t at column 5: unknown placeholder 'foo' \(known: device, seq, time, int, float, walk, pick, uuid\)$/],
    [['-t', 'a', '-m', '{"t":{{walk 30 10}}}'], /^mqtx: template -m at column 13: 'walk': MIN 30 is above MAX 10$/],
    [['-t', 'a', '-m', '{{int 1 2'], /^mqtx: template -m at column 1: '\{\{' is not closed by '\}\}'/],
    [['-t', 'a/+/{{device}}'], /^mqtx: template -t: a topic to publish to cannot contain \+ or # \('a\/\+\/'\)\.$/],
    [['-t', 'a/{{pick x #}}'], /^mqtx: template -t: a topic to publish to cannot contain \+ or # \('#'\)\.$/],
    [['-t', ''], /^mqtx: template -t: the topic is empty\.$/],
    [['-t', 'a/\tb/{{device}}'], /^mqtx: Invalid topic in -t 'a\/\\tb\/': it contains a control character \(U\+0009\), which brokers refuse\.$/],
    [['-t', '{{pick ""}}'], /^mqtx: template -t: message 0 of device 0 has an empty topic\.$/],
    [['-t', 'a', '-f', join(FIX, 'nope.json')], /^mqtx: .*nope\.json/],
    [['-t', 'a', '-m', 'x', '-f', join(FIX, 'payload.json')], /^mqtx: -m and -f cannot be used together\.$/],
    [['-t', 'a', '--scenario', 'home'], /^mqtx: -t\/-m\/-f and --scenario cannot be used together: choose one source of messages\.$/],
    [['--scenario', 'home', '--module', join(FIX, 'gen.mjs')], /^mqtx: --scenario and --module cannot be used together/],
    [['--scenario', 'garden'], /--scenario must be one of home, fleet, sparkplug\./],
    [['-t', 'a', '--rate', '5', '--rate-per-device', '1'], /^mqtx: --rate and --rate-per-device cannot be used together\.$/],
    [['-t', 'a', '--rate', '0'], /--rate must be more than 0\./],
    [['-t', 'a', '--devices', '0'], /--devices must be from 1 to 1000000\./],
    [['-t', 'a', '--devices', '100000000'], /--devices must be from 1 to 1000000\./],
    [['-t', 'a', '-C', '0'], /-C must be a whole number of messages, 1 or more\./],
    [['-t', 'a', '--seed', 'x'], /--seed must be a whole number from 0 to 4294967295\./],
    [['-t', 'a', '--devices', '2', '--connections', '3'], /^mqtx: --connections 3 is more than the 2 device\(s\)/],
    [['-t', 'a', '--devices', '2', '-i', 'fixed'], /^mqtx: -i 'fixed' would give all 2 connections the same client id/],
    [['-t', 'a', '-i', 'c-{{seq}}'], /^mqtx: template -i at column 5: 'seq' cannot be used in -i \(there: device, int, pick, uuid\)$/],
    [['--scenario', 'sparkplug', '--connections', '2'], /^mqtx: --connections 2: --scenario sparkplug uses one connection \(a Sparkplug edge node is one MQTT client\)\.$/],
    [['--scenario', 'sparkplug', '--encode', 'cbor'], /^mqtx: --scenario sparkplug encodes its own payloads \(Sparkplug B\); leave out --encode\.$/],
    [['--scenario', 'sparkplug', '--will-topic', 'w'], /^mqtx: --will-topic cannot be used with --scenario sparkplug: it sets its own will\.$/],
    [['-t', 'a', '-m', '{}', '--proto', join(CODECS, 'sensor.proto')], /^mqtx: --proto, --type and --schema describe the schema for --encode: give --encode too\.$/],
    [['-t', 'a', '-m', 'not json {{seq}}', '--encode', 'cbor'], /^mqtx: -m does not fit --encode cbor: the input is not JSON/],
    [['-t', 'a', '-m', '{"temperature":"hot"}', '--encode', 'protobuf', '--proto', join(CODECS, 'sensor.proto'), '--type', 'sensors.Reading'], /^mqtx: -m does not fit --encode protobuf/],
    [['--module', join(FIX, 'missing.mjs')], /^mqtx: --module .*missing\.mjs: no such file\.$/],
    [['--module', join(FIX, 'no-default.mjs')], /^mqtx: --module .*no-default\.mjs has no default export function\.$/],
    [['--module', SYNTAX], /^mqtx: --module .*syntax\.mjs could not be loaded: /], // (vitest's own loader words it; the built bin says SyntaxError: e2e),
  ])('%j', async (args, re) => {
    expectUsageError(await mqtxInProcess(['simulate', ...CLOSED, ...args]), re)
  })
})

describe('mqtx simulate: topics too long for MQTT (65535 bytes) are refused before connecting', () => {
  it.each([
    ['a literal part', `${'a'.repeat(70000)}{{device}}`, /^mqtx: Invalid topic in -t: longer than 65535 bytes\.$/],
    ['the topic made of parts that fit', `{{pick ${'ab'.repeat(20000)}}}/{{device ${'cd'.repeat(20000)}}}`, /^mqtx: template -t: message 0 of device 0 has a topic longer than 65535 bytes\.$/],
  ])('%s', async (_what, topic, re) => {
    expectUsageError(await mqtxInProcess(['simulate', ...CLOSED, '-t', topic]), re)
  })
})

describe('mqtx simulate --list-scenarios', () => {
  it('describes each scenario on stdout, without connecting', async () => {
    const r = await mqtxInProcess(['simulate', ...CLOSED, '--list-scenarios'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
    expect(r.stdout.match(/^\w+ \(\d+ devices by default\)$/gm)).toEqual(['home (4 devices by default)', 'fleet (3 devices by default)', 'sparkplug (2 devices by default)'])
    expect(r.stdout).toContain('run: mqtx simulate --scenario home\n')
  })
})
