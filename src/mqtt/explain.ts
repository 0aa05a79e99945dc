/**
 * Turn a failed connection into an error that says which check failed, with the evidence and the fix.
 * TLS certificate problems are explained from a second, inspection-only handshake
 * (rejectUnauthorized: false) that fetches the broker's certificate; it never carries a session.
 */
import net from 'node:net'
import tls from 'node:tls'
import { X509Certificate } from 'node:crypto'
import { ConnectionError, errorMessage, type MqtxError } from '../errors.js'
import { describeEndpoint, type ConnectionConfig } from './resolve.js'
import { redactUrl } from './url.js'
import { opensslErrorCode } from '../runtime.js'

/** Names a certificate is valid for: "DNS:localhost, IP:127.0.0.1". */
export function certificateNames(cert: X509Certificate): string {
  const san = cert.subjectAltName
  if (san !== undefined && san !== '') return san.split(', ').map((s) => s.replace(/^IP Address:/, 'IP:')).join(', ')
  const cn = /CN=([^\n]+)/.exec(cert.subject)?.[1]
  return cn === undefined ? '(no names)' : `CN=${cn} only (no subjectAltName)`
}

function commonName(dn: string): string {
  return /CN=([^\n]+)/.exec(dn)?.[1] ?? dn.replace(/\n/g, ', ')
}

/** Fetch the broker's certificate chain without trusting it, only to explain a failure. */
function fetchPeerCertificate(cfg: ConnectionConfig): Promise<X509Certificate | undefined> {
  return new Promise((resolve) => {
    const servername = cfg.tls?.servername ?? (net.isIP(cfg.host) === 0 ? cfg.host : undefined)
    const socket = tls.connect({
      host: cfg.host,
      port: cfg.port,
      rejectUnauthorized: false,
      ...(servername === undefined ? {} : { servername }),
      ...(cfg.tls?.cert !== undefined ? { cert: cfg.tls.cert, key: cfg.tls.key } : {}),
    })
    const timer = setTimeout(() => done(undefined), 2000)
    function done(cert: X509Certificate | undefined): void {
      clearTimeout(timer)
      socket.destroy()
      resolve(cert)
    }
    socket.once('secureConnect', () => {
      const raw = socket.getPeerX509Certificate()
      done(raw)
    })
    socket.once('error', () => done(undefined))
  })
}

type Code = string | undefined

const CA_CODES = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT'])

async function explainTls(err: Error, code: Code, cfg: ConnectionConfig): Promise<MqtxError | undefined> {
  const where = describeEndpoint(cfg)
  const fail = (msg: string, hint?: string) => new ConnectionError(`TLS: ${msg}`, { cause: err, ...(hint === undefined ? {} : { hint }) })
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const cert = await fetchPeerCertificate(cfg)
    const name = cfg.tls?.servername ?? cfg.host
    const names = cert === undefined ? 'other names' : certificateNames(cert)
    return fail(
      `the broker's certificate is not valid for "${name}"; it is valid for ${names}.`,
      `connect by a listed name, pass --servername <listed name>, or re-issue it: mqtx certgen server ${name}`,
    )
  }
  // UNABLE_TO_VERIFY_LEAF_SIGNATURE: the broker sent its certificate alone (Node's TLS, EMQX… do;
  // mosquitto adds its cafile's CA) and its issuer is not trusted here: most often a private CA
  // without --cafile, sometimes an intermediate the broker should have sent
  const leafOnly = code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  if (code !== undefined && (CA_CODES.has(code) || leafOnly)) {
    const cert = await fetchPeerCertificate(cfg)
    const issuer = cert === undefined ? 'its issuer' : `"${commonName(cert.issuer)}"`
    const selfSigned = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? ' (the certificate is self-signed)' : ''
    const trust = cfg.tls?.cafile === undefined ? 'no --cafile was given, so only the bundled public CAs are trusted' : `--cafile ${cfg.tls.cafile} is not that CA`
    const chain = leafOnly ? '; if that CA is an intermediate, the broker\'s certfile must hold it after the server certificate' : ''
    return fail(
      `the broker's certificate was signed by ${issuer}, which is not trusted${selfSigned}: ${trust}.`,
      `pass the CA that signed it: --cafile ca.crt (Node does not read the operating system's trust store)${chain}`,
    )
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    const cert = await fetchPeerCertificate(cfg)
    const dates = cert === undefined ? '' : ` (valid from ${cert.validFrom} to ${cert.validTo}; this machine's clock says ${new Date().toUTCString()})`
    return fail(code === 'CERT_HAS_EXPIRED' ? `the broker's certificate has expired${dates}.` : `the broker's certificate is not valid yet${dates}.`, code === 'CERT_HAS_EXPIRED' ? 're-issue the server certificate (mqtx certgen server <name>)' : 'check this machine\'s clock')
  }
  if (code === 'INVALID_PURPOSE') {
    return fail('the broker\'s certificate is not marked for TLS server use (no serverAuth): a client certificate used as the server certificate?', 'issue a server certificate: mqtx certgen server <name>')
  }
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' || (code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' && cfg.tls?.cert === undefined)) {
    return fail('the broker requires a client certificate.', 'pass --cert client.crt --key client.key (make one with: mqtx certgen client <id>)')
  }
  if (code === 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE') {
    let ekus = ''
    if (cfg.tls?.cert !== undefined) {
      try {
        ekus = ` (it allows: ${new X509Certificate(cfg.tls.cert).keyUsage?.join(', ') ?? 'no extended key usage'})`
      } catch {
        ekus = ''
      }
    }
    return fail(`the broker rejected the client certificate: it is not marked for TLS client use${ekus}.`, 'issue a client certificate: mqtx certgen client <id>')
  }
  if (code === 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA') {
    let issuer = 'its issuer'
    if (cfg.tls?.cert !== undefined) {
      try {
        issuer = `"${commonName(new X509Certificate(cfg.tls.cert).issuer)}"`
      } catch {
        issuer = 'its issuer'
      }
    }
    return fail(`the broker does not trust the client certificate's CA, ${issuer}.`, 'use a client certificate signed by the CA in the broker\'s cafile')
  }
  if (code === 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED') {
    return fail('the broker says a certificate has expired: the client certificate, or the broker\'s CRL is past its nextUpdate.', 'check the client certificate\'s dates (mqtx certgen inspect client.crt) and the broker\'s crlfile')
  }
  if (code === 'ERR_MQTX_PSK' && /was not found/.test(err.message)) {
    return fail(`${err.message}.`, 'install openssl (e.g. apt-get install openssl) or point MQTX_OPENSSL at it')
  }
  if (cfg.tls?.psk !== undefined && (code === 'ERR_MQTX_PSK' || code === 'EPROTO' || code?.startsWith('ERR_SSL') === true)) {
    // the same failure, worded alike whether node:tls or the openssl command (the binary) did the TLS
    const text = err.message
    const reason = /bad record mac|decrypt/i.test(text)
      ? 'the broker does not hold this key for this identity'
      : /unknown.?psk|psk identity/i.test(text)
        ? 'the broker does not know this identity'
        : /alert/i.test(text) ? 'the broker refused it' : 'no PSK cipher in common, or the port has no PSK listener'
    return fail(`the PSK handshake with ${where} failed: ${reason}.`, 'check --psk and --psk-identity against the broker\'s psk_file, and that this port is its PSK listener (--debug shows the TLS error)')
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ECONNRESET' || /before secure TLS connection|socket hang up/i.test(err.message)) {
    return fail(`${where} does not speak TLS (the handshake was cut off).`, `that port is probably plain MQTT: use the TLS port (usually 8883), or drop the TLS options`)
  }
  if (typeof code === 'string' && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /CERT|VERIFY/.test(code))) {
    return fail(`${err.message} (${code}).`)
  }
  return undefined
}

/**
 * A plain connection that was closed or reset before CONNACK: does the port answer a TLS handshake?
 * (TLS servers hang up on plain bytes without a word, or with an alert that is no MQTT either, so only
 * a handshake can tell.) One probe with
 * a 2 s limit that trusts nothing and sends no MQTT.
 */
export function explainTlsPort(cfg: ConnectionConfig): Promise<MqtxError | undefined> {
  return new Promise((resolve) => {
    const servername = net.isIP(cfg.host) === 0 ? cfg.host : undefined
    const socket = tls.connect({ host: cfg.host, port: cfg.port, rejectUnauthorized: false, ...(servername === undefined ? {} : { servername }) })
    const timer = setTimeout(() => done(false), 2000)
    function done(speaksTls: boolean): void {
      clearTimeout(timer)
      socket.destroy()
      if (!speaksTls) return resolve(undefined)
      const url = `mqtts://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${cfg.port}`
      resolve(
        new ConnectionError(`${describeEndpoint(cfg)} looks like a TLS port: it hung up on plain MQTT and answers a TLS handshake.`, {
          hint: `connect with TLS: --cafile ca.crt (the CA that signed its certificate) or an ${url}/… URL (-L); plain MQTT is usually on 1883`,
        }),
      )
    }
    socket.once('secureConnect', () => done(true))
    // a TLS alert (e.g. "certificate required") is a TLS answer too
    socket.once('error', (err: NodeJS.ErrnoException) => done(/ALERT/.test(err.code ?? '')))
  })
}

export async function explainConnectError(err: Error, cfg: ConnectionConfig): Promise<MqtxError> {
  const code = (err as NodeJS.ErrnoException).code
  const where = describeEndpoint(cfg)
  if (cfg.tls !== undefined) {
    const tlsErr = await explainTls(err, opensslErrorCode(code), cfg)
    if (tlsErr !== undefined) return tlsErr
  }
  if (cfg.proxy !== undefined && code === 'SOCKS') {
    // the proxy itself failed (refused, login refused, could not reach the broker): name the proxy
    const proxy = redactUrl(cfg.proxy)
    if (/ECONNREFUSED/.test(err.message)) {
      return new ConnectionError(`connection refused by the SOCKS proxy ${proxy}: nothing is listening there.`, { cause: err, hint: 'is the proxy running, and is this its port? (--proxy socks5h://host:port; default port 1080)' })
    }
    return new ConnectionError(`the SOCKS proxy ${proxy} did not connect to ${where}: ${err.message}`, { cause: err, hint: 'check --proxy (host, port, user and password) and that the proxy can reach the broker' })
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new ConnectionError(`connection refused by ${where}: nothing is listening there.`, {
        cause: err,
        hint: cfg.proxy === undefined ? 'is the broker running, and is this its port? (plain MQTT: 1883, TLS: 8883; no broker yet? `mqtx broker` runs one here, nothing to install)' : 'the SOCKS proxy could not reach the broker, or is not running',
      })
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConnectionError(`cannot resolve host '${cfg.host}'.`, { cause: err, hint: 'check the spelling of -h / the URL' })
    case 'ETIMEDOUT':
      return new ConnectionError(`connecting to ${where} timed out.`, { cause: err })
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ConnectionError(`${where} is unreachable from here (${code}).`, { cause: err })
    case 'EADDRNOTAVAIL':
      return new ConnectionError(`cannot bind to local address '${cfg.localAddress ?? ''}': it is not an address of this machine.`, { cause: err })
    case 'ENOENT':
      return new ConnectionError(`no unix socket at '${cfg.path ?? ''}'.`, { cause: err })
    case 'EACCES':
      return new ConnectionError(`permission denied opening '${cfg.path ?? where}'.`, { cause: err })
    case 'ECONNRESET':
    case 'EPIPE':
      return new ConnectionError(`${where} reset the connection before accepting it.`, { cause: err })
    default:
      return new ConnectionError(`cannot connect to ${where}: ${errorMessage(err)}`, { cause: err })
  }
}
