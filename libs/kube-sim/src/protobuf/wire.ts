/** Protocol Buffers wire format: a reader of varints, fixed-width numbers and length-delimited fields. */

/** Wire types of a field key. */
export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

/** Thrown for truncated or malformed input. */
export class WireError extends Error {}

/** Reads one protobuf message's bytes front to back. */
export class WireReader {
  private pos = 0;
  private readonly buf: Buffer;
  private readonly end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** True while unread bytes remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** An unsigned varint as a number (values beyond 2^53 lose precision, as JSON numbers do). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** A varint read as a signed 64-bit two's complement integer. */
  int64(): number {
    const v = this.varint();
    return v >= 2 ** 63 ? v - 2 ** 64 : v;
  }

  /** A field key: number and wire type. */
  key(): { field: number; wire: number } {
    const k = this.varint();
    return { field: Math.floor(k / 8), wire: k % 8 };
  }

  /** The bytes of a length-delimited field. */
  bytes(): Buffer {
    const len = this.varint();
    if (this.pos + len > this.end) throw new WireError('truncated length-delimited field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  /** A little-endian double. */
  double(): number {
    if (this.pos + 8 > this.end) throw new WireError('truncated fixed64');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Skips a field of the given wire type. */
  skip(wire: number): void {
    switch (wire) {
      case WireType.Varint: this.varint(); return;
      case WireType.Fixed64: this.advance(8); return;
      case WireType.Bytes: this.bytes(); return;
      case WireType.Fixed32: this.advance(4); return;
      default: throw new WireError(`unsupported wire type ${wire}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new WireError('truncated field');
    this.pos += n;
  }
}
