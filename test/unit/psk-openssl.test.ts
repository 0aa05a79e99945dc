import { describe, expect, it } from 'vitest'
import { opensslCommand, pskClientArgs, sClientFailure } from '../../src/mqtt/psk-openssl.js'

describe('TLS-PSK through the openssl command (the standalone binary)', () => {
  it('argv: TLS 1.2 PSK as node:tls makes it, the key in hex, nothing but the peer bytes on stdout', () => {
    expect(pskClientArgs({ host: 'broker.local', port: 8884, key: Buffer.from('00ff10', 'hex'), identity: 'dev 1' })).toEqual([
      's_client', '-connect', 'broker.local:8884', '-psk', '00ff10', '-psk_identity', 'dev 1', '-tls1_2', '-cipher', 'PSK', '-quiet', '-no_ign_eof',
    ])
  })

  it('an IPv6 literal is bracketed; --ciphers is passed on', () => {
    const args = pskClientArgs({ host: '::1', port: 1, key: Buffer.from('01', 'hex'), identity: 'i', ciphers: 'PSK-AES128-GCM-SHA256' })
    expect(args.slice(1, 3)).toEqual(['-connect', '[::1]:1'])
    expect(args[args.indexOf('-cipher') + 1]).toBe('PSK-AES128-GCM-SHA256')
  })

  it('MQTX_OPENSSL picks the command, as for certgen; empty or unset means openssl on PATH', () => {
    expect(opensslCommand({ MQTX_OPENSSL: '/opt/ssl/bin/openssl' })).toBe('/opt/ssl/bin/openssl')
    expect(opensslCommand({ MQTX_OPENSSL: '' })).toBe('openssl')
    expect(opensslCommand({})).toBe('openssl')
  })

  it("s_client's failures become the errors node:net/node:tls give (explain.ts words them alike)", () => {
    const code = (text: string) => (sClientFailure(text, 1) as NodeJS.ErrnoException).code
    expect(code('80FB:error:8000006F:system library:BIO_connect:Connection refused:…\nconnect:errno=111\n')).toBe('ECONNREFUSED')
    expect(code('80BB:error:10080002:BIO routines:BIO_lookup_ex:system lib:…:Name or service not known\nconnect:errno=0\n')).toBe('ENOTFOUND')
    const psk = sClientFailure("Can't use SSL_get_servername\n80DB:error:0A0003FC:SSL routines:ssl3_read_bytes:sslv3 alert bad record mac:…\n", 1)
    expect([(psk as NodeJS.ErrnoException).code, psk.message]).toEqual(['ERR_MQTX_PSK', 'TLS-PSK handshake failed: 80DB:error:0A0003FC:SSL routines:ssl3_read_bytes:sslv3 alert bad record mac:…'])
  })
})
