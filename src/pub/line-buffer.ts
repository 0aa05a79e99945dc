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
 * Reading a line, without an object per line:
 *   const start = lines.start; const end = lines.take()   // the line is lines.bytes[start, end)
 */
const NEWLINE = 10
const MIN_SIZE = 64 * 1024

export class LineBuffer {
  /** whole lines (each ending with '\n') in held[offset, heldEnd) */
  private held: Buffer = Buffer.allocUnsafe(0)
  private heldEnd = 0
  private offset = 0
  /** the unfinished last line of the input so far (no '\n' yet) */
  private carry: Buffer | undefined

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

  /** Adds the whole lines of `data` (after the unfinished line so far); keeps the rest. True if any line came. */
  push(data: Buffer): boolean {
    if (data.length === 0) return false // (would otherwise start an unfinished line, sent as an empty one at the end)
    const last = data.lastIndexOf(NEWLINE)
    const carry = this.carry
    const lead = carry?.length ?? 0
    if (last === -1) {
      this.carry = carry === undefined ? Buffer.from(data) : Buffer.concat([carry, data])
      return false
    }
    // (input is paused while lines are held, so `unsent` is 0 here; kept correct regardless)
    const unsent = this.heldEnd - this.offset
    const size = unsent + lead + last + 1
    if (this.held.length < size) {
      const bigger = Buffer.allocUnsafe(Math.max(size, MIN_SIZE))
      this.held.copy(bigger, 0, this.offset, this.heldEnd)
      this.held = bigger
    } else this.held.copyWithin(0, this.offset, this.heldEnd)
    if (carry !== undefined) carry.copy(this.held, unsent)
    data.copy(this.held, unsent + lead, 0, last + 1)
    this.heldEnd = size
    this.offset = 0
    this.carry = last + 1 < data.length ? Buffer.from(data.subarray(last + 1)) : undefined
    return true
  }

  /** End of input: an unfinished last line becomes a line. */
  end(): void {
    const last = this.carry
    if (last === undefined) return
    this.carry = undefined
    this.push(Buffer.concat([last, Buffer.from('\n')]))
  }

  /** Lines read but not taken, the unfinished one included. */
  pending(): number {
    let count = this.carry === undefined ? 0 : 1
    for (let nl = this.held.indexOf(NEWLINE, this.offset); nl !== -1 && nl < this.heldEnd; nl = this.held.indexOf(NEWLINE, nl + 1)) count++
    return count
  }
}
