import { describe, expect, it, vi } from 'vitest'
import { checkClientId, classifyNames, dnsNameProblem, hostNames, parseDays } from '../../src/certgen/names.js'
import { leafDays } from '../../src/certgen/issue.js'
import { parseVersion } from '../../src/certgen/openssl.js'
import { leafConfig, randomSerial } from '../../src/certgen/profiles.js'
import { UsageError } from '../../src/errors.js'

describe('classifyNames', () => {
  it('sorts DNS names and IP literals, lower-cases and de-duplicates', () => {
    expect(classifyNames(['Localhost', '127.0.0.1', '::1', '[fe80::1]', 'localhost', '*.example.com', 'broker-1.lan'])).toEqual({
      dns: ['localhost', '*.example.com', 'broker-1.lan'],
      ips: ['127.0.0.1', '::1', 'fe80::1'],
    })
  })

  it.each([
    ['a/b', /invalid name "a\/b": '\/' is not allowed/],
    ['a=b', /'=' is not allowed/],
    ['a+b', /'\+' is not allowed/],
    ['a\\b', /'\\' is not allowed/],
    ['a\nb', /invalid name "a\\nb": a newline is not allowed/],
    ['a;rm -rf', /';' is not allowed/],
    ['$(id)', /'\$' is not allowed/],
    ['a`b', /'`' is not allowed/],
    ['a b', /whitespace is not allowed/],
    ['300.1.1.1', /invalid DNS name "300.1.1.1": it looks like an IP address but is not a valid one/],
    ['1.2.3', /looks like an IP address/],
    ['fe80::1%eth0', /'%' is not allowed|invalid IP address/],
    ['::g', /invalid IP address "::g"/],
    ['-bad.example', /must be letters, digits and inner hyphens/],
    ['under_score.lan', /'_' is not allowed/],
    ['*.com', /at least two labels after it/],
    ['foo.*.com', /whole leftmost label/],
    ['f*o.example.com', /whole leftmost label/],
    ['a..b', /empty label/],
    ['example.com.', /empty label/],
    [`${'a'.repeat(64)}.com`, /longer than 63/],
    ['', /it is empty/],
  ])('rejects %j', (name, message) => {
    expect(() => classifyNames([name])).toThrow(UsageError)
    expect(() => classifyNames([name])).toThrow(message)
  })

  it('needs at least one name', () => {
    expect(() => classifyNames([])).toThrow(/at least one DNS name or IP address/)
  })
})

describe('dnsNameProblem and hostNames', () => {
  it('accepts RFC 1123 names and single labels', () => {
    expect(dnsNameProblem('broker')).toBeUndefined()
    expect(dnsNameProblem('1broker.example')).toBeUndefined()
    expect(dnsNameProblem(`${'a'.repeat(63)}.com`)).toBeUndefined()
  })
  it('uses the host name only when it is a valid DNS name', () => {
    expect(hostNames('My-Host')).toEqual(['my-host'])
    expect(hostNames('localhost')).toEqual([])
    expect(hostNames('bad_host')).toEqual([])
  })
})

describe('checkClientId', () => {
  it('accepts ids usable as CN and file name', () => {
    expect(checkClientId('device-1')).toBe('device-1')
    expect(checkClientId('sensor_7@site:a.b')).toBe('sensor_7@site:a.b')
  })
  it.each(['', '.hidden', '-x', 'a/b', 'a=b', 'a+b', 'a\nb', 'a;b', 'a b', 'x'.repeat(65), 'é'])('rejects %j', (id) => {
    expect(() => checkClientId(id)).toThrow(UsageError)
  })
})

/** What `fn` writes to stderr (not shown). */
function captureStderr(fn: () => void): string {
  let text = ''
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk)
    return true
  })
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
  return text
}

describe('parseDays and leafDays', () => {
  const caEnd = new Date(Date.UTC(2030, 0, 1))
  const now = Date.UTC(2029, 0, 1)
  it('parses whole positive numbers', () => {
    expect(parseDays('30')).toBe(30)
    expect(() => parseDays('0')).toThrow('--days must be 1 or more (got 0).')
    expect(() => parseDays('-5')).toThrow('--days must be 1 or more (got -5).')
    expect(() => parseDays('1.5')).toThrow('--days must be a whole number of days, not "1.5".')
  })
  it('refuses more than the CA lifetime, and more than 825 without force', () => {
    expect(leafDays(100, 365, caEnd, false, now)).toBe(100)
    expect(() => leafDays(366, 365, caEnd, false, now)).toThrow("--days 366 goes past the CA's expiry on 2030-01-01 (365 days from now).")
    expect(() => leafDays(900, 365, new Date(Date.UTC(2040, 0, 1)), false, now)).toThrow(/more than 825/)
    // the warnings go to stderr: caught here, so they are checked and npm test's output stays clean
    const warned = captureStderr(() => expect(leafDays(900, 365, new Date(Date.UTC(2040, 0, 1)), true, now)).toBe(900))
    expect(warned).toBe('mqtx: warning: --days 900 is more than 397: browsers and Apple devices may reject the certificate.\n')
    expect(() => leafDays(900, 365, caEnd, true, now)).toThrow(/goes past the CA's expiry/)
  })
  it('shortens the default to the CA lifetime, with a warning', () => {
    const warned = captureStderr(() => expect(leafDays(undefined, 365, new Date(now + 10 * 86_400_000 + 5), false, now)).toBe(10))
    expect(warned).toBe('mqtx: warning: the CA expires on 2029-01-11: the certificate is valid for 10 days, not 365.\n')
  })
})

describe('profiles and openssl version', () => {
  it('writes DNS and IP entries separately; keyEncipherment only for RSA', () => {
    const ec = leafConfig({ kind: 'server', cn: 'localhost', names: { dns: ['localhost'], ips: ['127.0.0.1', '::1'] }, keyType: 'ec' })
    expect(ec).toContain('DNS.1 = localhost\nIP.1 = 127.0.0.1\nIP.2 = ::1')
    expect(ec).toContain('keyUsage = critical,digitalSignature\n')
    expect(ec).toContain('extendedKeyUsage = serverAuth')
    const rsa = leafConfig({ kind: 'client', cn: 'd', names: { dns: [], ips: [] }, keyType: 'rsa2048' })
    expect(rsa).toContain('keyUsage = critical,digitalSignature,keyEncipherment')
    expect(rsa).toContain('extendedKeyUsage = clientAuth')
    expect(rsa).not.toContain('subjectAltName')
  })
  it('makes positive 128-bit serials', () => {
    const s = randomSerial()
    expect(s).toMatch(/^0x[4-7][0-9a-f]{31}$/)
    expect(randomSerial()).not.toBe(s)
  })
  it('accepts OpenSSL 1.1.1+ and LibreSSL 3.1+', () => {
    expect(parseVersion('OpenSSL 3.0.19 27 Jan 2026')).toEqual({ ok: true, jdkTrust: false, reqCa: true })
    expect(parseVersion('OpenSSL 3.2.1 30 Jan 2024')).toEqual({ ok: true, jdkTrust: true, reqCa: true })
    expect(parseVersion('OpenSSL 1.1.1w  11 Sep 2023').reqCa).toBe(false)
    expect(parseVersion('LibreSSL 3.3.6').reqCa).toBe(false)
    expect(parseVersion('OpenSSL 1.1.1w  11 Sep 2023').ok).toBe(true)
    expect(parseVersion('OpenSSL 1.1.0l  10 Sep 2019').ok).toBe(false)
    expect(parseVersion('LibreSSL 3.3.6').ok).toBe(true)
    expect(parseVersion('LibreSSL 2.8.3').ok).toBe(false)
    expect(parseVersion('something else').ok).toBe(false)
  })
})
