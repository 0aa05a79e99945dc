/**
 * pub -l's input: whole lines waiting to be published, in ONE reused buffer.
 *
 * Input is paused while any line is held, so each chunk read is copied in and dropped at once; lines
 * never become objects or Buffers of their own. (Measured: a Buffer per line, or input chunks kept
 * until their lines were sent, outlived V8's young generation; GC took ~40 % of the time and promoted
 * ArrayBuffers grew RSS by ~1 MB/s at QoS 1.)
 *
 * Only '\n' ends a line (a '\r' before it stays in the line); empty lines are lines; at the end of
 * input an unfinished last line becomes a line.
 *
 * The unfinished line grows in its own buffer, doubled when full (not copied whole per chunk: that was
 * quadratic for long lines). A line longer than `maxLine` is not kept: `tooLong` is set, the input
 * after it is dropped, and the whole lines before it are still taken.
 *
 * Reading a line, without an object per line:
 *   const start = lines.start; const end = lines.take()   // the line is lines.bytes[start, end)
 */
const NEWLINE = 10
const MIN_SIZE = 64 * 1024
/** the unfinished line's first buffer (kept for the next one); one bigger than LARGE_CARRY is let go once used */
const CARRY_SIZE = 1024
const LARGE_CARRY = 1024 * 1024

export class LineBuffer {
  /** whole lines (each ending with '\n') in held[offset, heldEnd) */
  private held: Buffer = Buffer.allocUnsafe(0)
  private heldEnd = 0
  private offset = 0
  /** the unfinished last line of the input so far (no '\n' yet): carry[0, carryEnd) */
  private carry: Buffer = Buffer.allocUnsafe(0)
  private carryEnd = 0
  /** a line went past `maxLine`: nothing after it is kept */
  private overflow = false

  /** `maxLine`: the longest line kept, in bytes (longer: `tooLong`). */
  constructor(private readonly maxLine = Infinity) {}

  /** A line longer than `maxLine` came (after the whole lines still held). */
  get tooLong(): boolean {
    return this.overflow
  }

  /** The buffer the lines are in; valid until the next `push` or `end`. */
  get bytes(): Buffer {
    return this.held
  }

  /** Where the next line starts in `bytes`. */
  get start(): number {
    return this.offset
  }

  /** Whether a whole line is held. */
  hasLine(): boolean {
    return this.offset < this.heldEnd
  }

  /** Takes the next line (call only when `hasLine()`): returns where it ends in `bytes` (its '\n'). */
  take(): number {
    const end = this.held.indexOf(NEWLINE, this.offset) // held data ends with '\n'
    this.offset = end + 1
    return end
  }

  /** Takes every whole line held (call only when `hasLine()`): they are `bytes`[start, the value returned). */
  takeAll(): number {
    this.offset = this.heldEnd
    return this.heldEnd
  }

  /** Adds the whole lines of `data` (after the unfinished line so far); keeps the rest. True if any line came. */
  push(data: Buffer): boolean {
    if (data.length === 0 || this.overflow) return false // (an empty chunk would otherwise start an unfinished line, sent as an empty one at the end)
    const last = data.lastIndexOf(NEWLINE)
    if (last === -1) {
      this.keep(data, 0)
      return false
    }
    const lead = this.carryEnd
    // (input is paused while lines are held, so `unsent` is 0 here; kept correct regardless)
    const unsent = this.heldEnd - this.offset
    const size = unsent + lead + last + 1
    if (this.held.length < size) {
      const bigger = Buffer.allocUnsafe(Math.max(size, MIN_SIZE))
      this.held.copy(bigger, 0, this.offset, this.heldEnd)
      this.held = bigger
    } else this.held.copyWithin(0, this.offset, this.heldEnd)
    if (lead > 0) this.carry.copy(this.held, unsent, 0, lead)
    data.copy(this.held, unsent + lead, 0, last + 1)
    this.heldEnd = size
    this.offset = 0
    this.carryEnd = 0
    if (this.carry.length > LARGE_CARRY) this.carry = Buffer.allocUnsafe(0)
    if (last + 1 < data.length) this.keep(data, last + 1)
    return true
  }

  /** Appends data[from…] to the unfinished line: its buffer doubles when full; past `maxLine` it is dropped. */
  private keep(data: Buffer, from: number): void {
    const end = this.carryEnd + data.length - from
    if (end > this.maxLine) {
      this.overflow = true
      this.carry = Buffer.allocUnsafe(0)
      this.carryEnd = 0
      return
    }
    if (end > this.carry.length) {
      const bigger = Buffer.allocUnsafe(Math.min(Math.max(end, 2 * this.carry.length, CARRY_SIZE), this.maxLine))
      this.carry.copy(bigger, 0, 0, this.carryEnd)
      this.carry = bigger
    }
    data.copy(this.carry, this.carryEnd, from)
    this.carryEnd = end
  }

  /** End of input: an unfinished last line becomes a line. */
  end(): void {
    if (this.carryEnd === 0 || this.overflow) return
    const last = Buffer.allocUnsafe(this.carryEnd + 1)
    this.carry.copy(last, 0, 0, this.carryEnd)
    last[this.carryEnd] = NEWLINE
    this.carryEnd = 0
    this.push(last)
  }

  /** Lines read but not taken, the unfinished one included. */
  pending(): number {
    let count = this.carryEnd > 0 || this.overflow ? 1 : 0
    for (let nl = this.held.indexOf(NEWLINE, this.offset); nl !== -1 && nl < this.heldEnd; nl = this.held.indexOf(NEWLINE, nl + 1)) count++
    return count
  }
}
