/**
 * C's printf `%f` for a double, exactly: every digit of the binary value (no 1e21 switch to
 * exponent form as in JavaScript) and round-half-even at the precision, as glibc does.
 * Used by -F %d / %f (mosquitto 2.1: the payload as an IEEE-754 double / float).
 */

const view = new DataView(new ArrayBuffer(8))

/** The exact value of x as digits / 10^scale (x finite, not negative). */
function exact(x: number): { digits: bigint; scale: number } {
  view.setFloat64(0, x)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const biased = (hi >>> 20) & 0x7ff
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  if (biased !== 0) mantissa |= 1n << 52n
  const exponent = (biased === 0 ? 1 : biased) - 1075
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 }
  // m / 2^k = m * 5^k / 10^k
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent }
}

/** `%.<precision>f` without width or flags. */
export function cFixed(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'nan'
  const negative = x < 0 || Object.is(x, -0)
  const sign = negative ? '-' : ''
  if (!Number.isFinite(x)) return `${sign}inf`
  const { digits, scale } = exact(Math.abs(x))
  let scaled: bigint
  if (scale <= precision) {
    scaled = digits * 10n ** BigInt(precision - scale)
  } else {
    const divisor = 10n ** BigInt(scale - precision)
    scaled = digits / divisor
    const rest = digits % divisor
    const twice = rest * 2n
    if (twice > divisor || (twice === divisor && scaled % 2n === 1n)) scaled++
  }
  let text = scaled.toString()
  if (precision > 0) {
    text = text.padStart(precision + 1, '0')
    text = `${text.slice(0, -precision)}.${text.slice(-precision)}`
  }
  return sign + text
}

/** `%[-][0][width][.precision]f`: width pads with spaces (or zeros after the sign; never for inf/nan). */
export function cFixedPadded(x: number, spec: { left: boolean; zero: boolean; width: number; precision: number | undefined }): string {
  const text = cFixed(x, spec.precision ?? 6)
  if (text.length >= spec.width) return text
  if (spec.left) return text.padEnd(spec.width, ' ')
  if (spec.zero && Number.isFinite(x)) {
    const signed = text.startsWith('-')
    return (signed ? '-' : '') + text.slice(signed ? 1 : 0).padStart(spec.width - (signed ? 1 : 0), '0')
  }
  return text.padStart(spec.width, ' ')
}
