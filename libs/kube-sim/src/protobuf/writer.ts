/** A minimal Protocol Buffers writer: varints, strings and nested messages. */

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** Builds one message; nested messages are built with their own writer and added with {@link message}. */
export class WireWriter {
  private readonly parts: Buffer[] = [];

  private key(field: number, wire: number): void {
    this.parts.push(Buffer.from(varint(field * 8 + wire)));
  }

  /** A length-delimited string field (skipped when empty, as proto3 does). */
  string(field: number, value: string): this {
    if (value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  /** A length-delimited bytes field. */
  bytes(field: number, value: Buffer): this {
    this.key(field, 2);
    this.parts.push(Buffer.from(varint(value.length)), value);
    return this;
  }

  /** A nested message field. */
  message(field: number, m: WireWriter): this {
    return this.bytes(field, m.finish());
  }

  /** A varint field (skipped when zero, as proto3 does). */
  varint(field: number, value: number): this {
    if (value === 0) return this;
    this.key(field, 0);
    this.parts.push(Buffer.from(varint(value)));
    return this;
  }

  /** A bool field (skipped when false). */
  bool(field: number, value: boolean): this {
    if (!value) return this;
    this.key(field, 0);
    this.parts.push(Buffer.from([1]));
    return this;
  }

  /** The encoded message. */
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}
